/**
 * Renders a captcha code as an SVG picture: digits drawn as jittered strokes (no <text>, so the code is
 * not in the markup), each rotated and skewed, over noise curves and dots.
 */

type Point = [number, number];

// Strokes of each digit on a 10 × 16 grid: "x,y x,y …", strokes separated by "|".
const DIGIT_STROKES: Record<string, string> = {
  '0': '5,0 8,1.5 9.5,5 9.5,11 8,14.5 5,16 2,14.5 0.5,11 0.5,5 2,1.5 5,0',
  '1': '2.5,3 6,0 6,16|3,16 9,16',
  '2': '0.8,4 2,1 5,0 8,1 9.3,4 8.5,7 0.5,16 9.5,16',
  '3': '1,1.5 5,0 8.5,1.5 9,4.5 7,7.2 4,7.8 8,9 9.5,12 8,15 5,16 1,14.5',
  '4': '7,16 7,0 0.5,11 9.8,11',
  '5': '9,0 1.5,0 1,7 4.5,6 8,7 9.5,10.5 8,15 4.5,16 1,14.5',
  '6': '8.5,1 5,0 2,2 0.5,7 0.5,11.5 2,15 5,16 8,15 9.5,12 8.5,9 5,8 2,9 0.5,11.5',
  '7': '0.5,0 9.5,0 4,16',
  '8': '5,7.5 2,6 1,3.5 2.5,0.8 5,0 7.5,0.8 9,3.5 8,6 5,7.5 1.8,9.5 0.5,12.5 2,15.3 5,16 8,15.3 9.5,12.5 8.2,9.5 5,7.5',
  '9': '9.5,5 8,7.5 5,8 2,7 0.5,4.5 2,1 5,0 8,1 9.5,4.5 9.5,9 8,14 5,16 1.5,15',
};

function parseStrokes(text: string): Point[][] {
  return text.split('|').map((stroke) =>
    stroke.split(' ').map((pair): Point => {
      const [x = 0, y = 0] = pair.split(',').map(Number);
      return [x, y];
    }),
  );
}

const DIGITS: Record<string, Point[][]> = Object.fromEntries(
  Object.entries(DIGIT_STROKES).map(([digit, strokes]) => [digit, parseStrokes(strokes)]),
);

const INKS = ['#1d3557', '#7b2cbf', '#b5179e', '#2a9d8f', '#c1121f', '#3a5a40'];
const WIDTH = 120;
const HEIGHT = 44;

function between(random: () => number, min: number, max: number): number {
  return min + random() * (max - min);
}

function pick<T>(random: () => number, list: readonly T[], fallback: T): T {
  return list[Math.floor(random() * list.length)] ?? fallback;
}

const n = (x: number) => x.toFixed(1);

function digitPath(strokes: Point[][], random: () => number): string {
  return strokes
    .map((stroke) =>
      stroke
        .map(
          ([x, y], i) =>
            `${i === 0 ? 'M' : 'L'}${n(x + between(random, -0.5, 0.5))} ${n(y + between(random, -0.5, 0.5))}`,
        )
        .join(' '),
    )
    .join(' ');
}

export function renderCaptchaSvg(code: string, random: () => number = Math.random): string {
  const parts: string[] = [];
  for (let i = 0; i < 4; i++) {
    const y1 = between(random, 5, HEIGHT - 5);
    const y2 = between(random, 5, HEIGHT - 5);
    parts.push(
      `<path d="M0 ${n(y1)} C${n(between(random, 20, 50))} ${n(between(random, 0, HEIGHT))} ${n(between(random, 70, 100))} ${n(between(random, 0, HEIGHT))} ${WIDTH} ${n(y2)}" stroke="${pick(random, INKS, '#333')}" stroke-width="${n(between(random, 0.6, 1.4))}" fill="none" opacity="0.55"/>`,
    );
  }
  [...code].forEach((char, i) => {
    const strokes = DIGITS[char];
    if (!strokes) return;
    const x = 10 + i * 26 + between(random, -3, 3);
    const y = 8 + between(random, -3, 3);
    const angle = between(random, -22, 22);
    const skew = between(random, -12, 12);
    const scale = between(random, 1.4, 1.75);
    parts.push(
      `<path transform="translate(${n(x)} ${n(y)}) rotate(${n(angle)} 8 12) skewX(${n(skew)}) scale(${n(scale)})" d="${digitPath(strokes, random)}" stroke="${pick(random, INKS, '#333')}" stroke-width="${n(between(random, 1.5, 2))}" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`,
    );
  });
  for (let i = 0; i < 36; i++) {
    parts.push(
      `<circle cx="${n(between(random, 0, WIDTH))}" cy="${n(between(random, 0, HEIGHT))}" r="${n(between(random, 0.5, 1.4))}" fill="${pick(random, INKS, '#333')}" opacity="0.6"/>`,
    );
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`,
    '<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#fdf6e3"/><stop offset="1" stop-color="#e8f1f8"/></linearGradient></defs>',
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="url(#bg)"/>`,
    ...parts,
    '</svg>',
  ].join('');
}
