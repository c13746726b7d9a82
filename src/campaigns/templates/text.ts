/*
 * The plain-text part of a mail, made once per template from its MJML source, with the
 * Liquid tags left in place for the per-contact render. Made from the source rather
 * than from MJML's output, because the output's layout tables would turn into noise,
 * and once per template rather than per mail, because converting HTML costs far more
 * than rendering Liquid. Templates are written by staff, so a small, predictable
 * conversion of the few elements they use is enough; no HTML parser is needed.
 */

const entities: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  middot: '·',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  euro: '€',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return entities[name.toLowerCase()] ?? whole;
  });
}

function hrefOf(attributes: string): string | null {
  return /\bhref\s*=\s*"([^"]*)"/i.exec(attributes)?.[1] ?? /\bhref\s*=\s*'([^']*)'/i.exec(attributes)?.[1] ?? null;
}

function stripTags(html: string): string {
  return html.replace(/<\/?[a-zA-Z][^>]*>/g, '');
}

export function mjmlToText(mjml: string): string {
  const text = mjml
    .replace(/<mj-head>[\s\S]*?<\/mj-head>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<mj-button\b([^>]*)>([\s\S]*?)<\/mj-button>/gi, (_whole, attributes: string, label: string) => {
      const href = hrefOf(attributes);
      const caption = stripTags(label).trim();
      return `\n\n${caption}${href === null ? '' : `: ${href}`}\n\n`;
    })
    .replace(/<mj-image\b[^>]*>(\s*<\/mj-image>)?/gi, '')
    .replace(/<mj-divider\b[^>]*>(\s*<\/mj-divider>)?/gi, '\n\n----\n\n')
    .replace(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi, (_whole, attributes: string, label: string) => {
      const href = hrefOf(attributes);
      const caption = stripTags(label).trim();
      if (href === null || caption === href) return caption;
      return caption === '' ? href : `${caption} (${href})`;
    })
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/(p|h[1-6]|ul|ol|mj-text|mj-section|mj-column|mj-raw|div|tr|table)>/gi, '\n\n');
  return tidyText(decodeEntities(stripTags(text)));
}

/** Trims every line and keeps at most one empty line between paragraphs. */
export function tidyText(text: string): string {
  return `${text
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
