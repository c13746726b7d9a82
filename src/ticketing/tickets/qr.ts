import QRCode from 'qrcode';

/*
 * The QR code of a ticket encodes exactly the ticket's code (20 characters of Crockford
 * base-32) and nothing else: every scanner, the door's app and a phone camera read the
 * same string staff can type. Upper-case base-32 fits QR's alphanumeric mode, a small
 * symbol; error correction M survives a crease or a cracked phone screen.
 */

const options = { errorCorrectionLevel: 'M', margin: 2 } as const;

/** A PNG for the mail, large enough for a scanner reading it off a phone. */
export async function ticketQrPng(code: string): Promise<Buffer> {
  return QRCode.toBuffer(code, { ...options, type: 'png', width: 360 });
}

/** An inline SVG for the printable page, named for screen readers. */
export async function ticketQrSvg(code: string, label: string): Promise<string> {
  const svg = await QRCode.toString(code, { ...options, type: 'svg' });
  const escaped = label.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
  return svg.replace('<svg ', `<svg role="img" aria-label="${escaped}" class="qr" `).trim();
}
