/** Parent accounts of the demo portal. The first one is the documented test account. */

export interface Student {
  studentId: string;
  name: string;
}

export interface Account {
  username: string;
  password: string;
  name: string;
  students: Student[];
}

export const ACCOUNTS: readonly Account[] = [
  {
    username: '13800000000',
    password: 'demo1234',
    name: '陈女士',
    students: [
      { studentId: 'S001', name: '姐姐' },
      { studentId: 'S002', name: '弟弟' },
    ],
  },
  {
    // A second family, so tests can race two accounts for the last seat.
    username: '13900000000',
    password: 'demo1234',
    name: '林先生',
    students: [{ studentId: 'S003', name: '小宇' }],
  },
];

export function findAccount(username: string): Account | undefined {
  return ACCOUNTS.find((a) => a.username === username);
}

/** `passwords` (PortalOptions.passwords) replaces an account's documented password. */
export function checkPassword(
  username: string,
  password: string,
  passwords: Readonly<Record<string, string>> = {},
): Account | undefined {
  const account = findAccount(username);
  if (!account) return undefined;
  return (passwords[username] ?? account.password) === password ? account : undefined;
}

/** 138****0000: how the header shows a phone-number username. */
export function maskUsername(username: string): string {
  return username.length === 11 ? `${username.slice(0, 3)}****${username.slice(7)}` : username;
}
