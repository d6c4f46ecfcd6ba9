import { renderSVG } from 'uqr';

/** The QR code for `text` as an SVG document, drawn here so no outside service sees the secret. */
export function qrSvg(text: string): string {
  return renderSVG(text, { ecc: 'M' });
}
