/**
 * Whether a phone number is written as people write one: digits with spaces, dots, dashes,
 * parentheses and a leading +, 6 to 20 digits. The API and the pages check it alike.
 */
export function isPhoneNumber(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  return /^\+?[\d\s().-]+$/.test(value) && digits >= 6 && digits <= 20;
}
