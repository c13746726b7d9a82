/*
 * Prices as sources write them: 19.5, "19,50 €", "EUR 19.50", "1.234,50", "19,-",
 * "Eintritt frei", and lists such as "38 / 29 / 19" (one price per category).
 */

export interface Amount {
  amountMinor: number;
  currency?: string;
}

const currencySigns: ReadonlyMap<string, string> = new Map([
  ['€', 'EUR'],
  ['eur', 'EUR'],
  ['euro', 'EUR'],
  ['$', 'USD'],
  ['usd', 'USD'],
  ['£', 'GBP'],
  ['gbp', 'GBP'],
  ['chf', 'CHF'],
  ['fr.', 'CHF'],
  ['sfr.', 'CHF'],
]);

const free = /^(kostenlos|kostenfrei|frei|eintritt frei|gratis|free|free admission|free entry)$/i;

/** Reads a decimal number written in German or English style; undefined if it is none. */
function decimal(text: string): number | undefined {
  const cleaned = text.replace(/[\s']/g, '').replace(/[,.][-–]+$/, '');
  if (!/^\d[\d.,]*$/.test(cleaned)) return undefined;
  const lastComma = cleaned.lastIndexOf(',');
  const lastDot = cleaned.lastIndexOf('.');
  let normalised: string;
  if (lastComma >= 0 && lastDot >= 0) {
    // Both: the later one separates the cents.
    const decimalMark = lastComma > lastDot ? ',' : '.';
    const thousands = decimalMark === ',' ? '.' : ',';
    normalised = cleaned.split(thousands).join('').replace(decimalMark, '.');
  } else {
    const mark = lastComma >= 0 ? ',' : lastDot >= 0 ? '.' : undefined;
    if (mark === undefined) normalised = cleaned;
    else {
      const parts = cleaned.split(mark);
      const tail = parts[parts.length - 1] ?? '';
      // Money never has three decimals: "1.500" and "1,500" are thousands.
      normalised = parts.length > 2 || tail.length === 3 ? parts.join('') : parts.join('.');
    }
  }
  const value = Number(normalised);
  return Number.isFinite(value) ? value : undefined;
}

/** One amount: a number, or text with an optional currency sign or code. Undefined if unreadable. */
export function parseAmount(value: string | number): Amount | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? { amountMinor: Math.round(value * 100) } : undefined;
  let text = value.trim().replace(/^(ab|from|je|à)\s+/i, '');
  if (text.length === 0) return undefined;
  if (free.test(text)) return { amountMinor: 0 };
  let currency: string | undefined;
  text = text.replace(/(€|\$|£|(?<![a-z])(?:euro|eur|usd|gbp|chf|s?fr\.))/gi, (sign) => {
    currency ??= currencySigns.get(sign.toLowerCase());
    return ' ';
  });
  const amount = decimal(text.trim());
  if (amount === undefined) return undefined;
  const result: Amount = { amountMinor: Math.round(amount * 100) };
  if (currency !== undefined) result.currency = currency;
  return result;
}

/** Several amounts in one cell ("38 / 29 / 19 €"); the currency of one applies to all. */
export function parseAmounts(value: string): Amount[] | undefined {
  const parts = value.split(/\s*(?:\/|\||;|\s[-–]\s)\s*/).filter((part) => part.trim().length > 0);
  const amounts: Amount[] = [];
  for (const part of parts) {
    const amount = parseAmount(part);
    if (amount === undefined) return undefined;
    amounts.push(amount);
  }
  const currency = amounts.find((a) => a.currency !== undefined)?.currency;
  if (currency !== undefined) for (const amount of amounts) amount.currency ??= currency;
  return amounts.length === 0 ? undefined : amounts;
}
