/** USD with cents, or with four decimals below a dollar so that small line items stay visible. */
export function usd(value: number): string {
  if (value === 0) return '$0';
  return Math.abs(value) >= 1 ? `$${value.toFixed(2)}` : `$${value.toFixed(4)}`;
}

/** `a ÷ b` as "12.3×", or "n/a" when b is 0. */
export function ratio(a: number, b: number, digits = 2): string {
  if (b === 0) return 'n/a';
  return `${(a / b).toFixed(digits)}×`;
}

export function integer(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function bytes(value: number): string {
  return `${value.toLocaleString('en-US')} B (${(value / 1024).toFixed(1)} KiB)`;
}
