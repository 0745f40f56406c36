/**
 * Where a person calls for a Severity 1 problem. The support guide's 15-minute target
 * applies only when a Severity 1 case is followed by a phone call, so the app shows these
 * numbers with the instruction to call. No real hotline exists yet: the numbers below are
 * from the ranges regulators reserve for drama and examples (Ofcom 020 7946 0xxx, NANP
 * 555-01xx, BNetzA 030 23125 xxx, ACMA 02 5550 xxxx), so nobody is rung by mistake. An
 * organisation replaces them through `SupportServiceOptions.hotlines`.
 */
export interface Hotline {
  region: string;
  number: string;
  hours: string;
}

export const defaultHotlines: readonly Hotline[] = [
  { region: 'Europe, Middle East, Africa', number: '+44 20 7946 0123', hours: '24×7 for Severity 1' },
  { region: 'Germany, Austria, Switzerland', number: '+49 30 23125 456', hours: '24×7 for Severity 1' },
  { region: 'Americas', number: '+1 202 555 0143', hours: '24×7 for Severity 1' },
  { region: 'Asia Pacific', number: '+61 2 5550 1234', hours: '24×7 for Severity 1' },
];
