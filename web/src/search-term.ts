/** What the clerk typed in the guest search: an email has an @, a phone is digits (with + and spacing); anything else is a last name. */
export function searchTermOf(value: string): 'email' | 'phone' | 'lastName' {
  if (value.includes('@')) return 'email';
  return /^[+\d][\d\s().-]*$/.test(value) ? 'phone' : 'lastName';
}
