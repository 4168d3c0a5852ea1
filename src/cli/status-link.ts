import QRCode from 'qrcode';
import { ensureStatusLink, rotateStatusLink, statusUrlOf } from '../approve/status-link.js';
import { BadInputError } from '../core/errors.js';
import { openRuntime, print } from './shared.js';

export interface StatusLinkOptions {
  rotate?: boolean;
  json?: boolean;
}

/**
 * `status --link [--rotate]`: the status page's signed link (made on first use) and a QR code to
 * open it on a phone. The link does not expire; `--rotate` replaces it (the old one is refused).
 */
export async function statusLinkCommand(configFile: string, opts: StatusLinkOptions): Promise<void> {
  const { rt, config } = await openRuntime(configFile);
  try {
    const approval = config.approval;
    if (!approval) {
      throw new BadInputError(
        `${config.file} has no approval section: the status page is served by the approval server — add approval: { listen, publicUrl, secret } and run jianlou watch`,
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
    const qr = await QRCode.toString(url, { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
    print(
      [
        opts.rotate ? 'New status page link (the old one no longer opens):' : 'Status page link:',
        url,
        '',
        qr.trimEnd(),
        '',
        `Served by \`jianlou watch\` at ${approval.publicUrl}. Anyone with this link sees the page and can press its hold buttons:`,
        'share it with the family only; to replace it run: jianlou status --link --rotate',
      ].join('\n'),
    );
  } finally {
    await rt.close();
  }
}
