import QRCode from 'qrcode';
import { ensureStatusLink, rotateStatusLink, statusUrlOf } from '../approve/status-link.js';
import { BadInputError } from '../core/errors.js';
import { catalogue } from '../i18n/catalogue.js';
import { openRuntime } from './shared.js';

export interface StatusLinkOptions {
  rotate?: boolean;
  json?: boolean;
}

/** Where the command writes; a QR code is drawn only on a terminal (a pipe or a file gets the link alone). */
export interface StatusLinkIo {
  write(text: string): void;
  isTTY: boolean;
}

const processIo = (): StatusLinkIo => ({
  write: (text) => void process.stdout.write(text),
  isTTY: process.stdout.isTTY === true,
});

/**
 * `status --link [--rotate]`: the status page's signed link (made on first use) and a QR code to
 * open it on a phone. The link does not expire; `--rotate` replaces it (the old one is refused).
 */
export async function statusLinkCommand(
  configFile: string,
  opts: StatusLinkOptions,
  io: StatusLinkIo = processIo(),
): Promise<void> {
  const print = (line: string) => io.write(`${line}\n`);
  const { rt, config } = await openRuntime(configFile);
  try {
    const approval = config.approval;
    if (!approval) {
      throw new BadInputError(
        `${config.file} has no approval section: the status page is served by the approval server — add approval: { listen, publicUrl, secret } and run jianlou watch`,
        { words: { code: 'no_approval', file: config.file, need: 'status_link' } },
      );
    }
    const record = opts.rotate
      ? await rotateStatusLink(rt.kv, rt.now())
      : await ensureStatusLink(rt.kv, rt.now());
    const url = statusUrlOf(approval.publicUrl, record, approval.secret);
    if (opts.json) {
      print(JSON.stringify({ url, createdAt: record.createdAt, rotated: opts.rotate === true }, null, 2));
      return;
    }
    const m = catalogue(config.locale).cli.statusLink;
    const qr = io.isTTY
      ? [
          '',
          (
            await QRCode.toString(url, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })
          ).trimEnd(),
        ]
      : [];
    print(
      [opts.rotate ? m.rotated : m.title, url, ...qr, '', m.servedBy(approval.publicUrl), m.share].join('\n'),
    );
  } finally {
    await rt.close();
  }
}
