/**
 * Renders the Teams app icons from one SVG drawing: appPackage/color.png (192×192, full colour)
 * and appPackage/outline.png (32×32, white on transparent), with the system Chromium.
 * Run `npx tsx scripts/render-icons.ts` after changing the drawing; the PNGs are committed.
 */
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** Waymark's brand colour: the teal of a footpath waymark, dark enough for white on top (contrast 6.6:1). */
export const BRAND_COLOUR = '#16675a';

// A waymark post with two signs, drawn on a 32-unit grid so the outline icon lands on whole pixels.
const SYMBOL = `
  <rect x="13" y="4" width="3" height="25" rx="1" />
  <path d="M16 6 H24 L28 10 L24 14 H16 Z" />
  <path d="M13 16 H7 L3 20 L7 24 H13 Z" />`;

/** The icons of the app package: file name, pixel size and the SVG drawn at that size. */
export const ICONS = [
  {
    file: 'color.png',
    size: 192,
    // Full-bleed colour: Teams rounds the corners itself.
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="192" height="192" viewBox="0 0 192 192">
      <rect width="192" height="192" fill="${BRAND_COLOUR}" />
      <g transform="translate(32 32) scale(4)" fill="#ffffff">${SYMBOL}</g>
    </svg>`,
  },
  {
    file: 'outline.png',
    size: 32,
    // Teams requires white on transparent; crisp edges keep every pixel either white or clear.
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32" shape-rendering="crispEdges">
      <g fill="#ffffff">${SYMBOL}</g>
    </svg>`,
  },
] as const;

/** Writes every icon into `folder` (default appPackage/). */
export async function renderIcons(folder = fileURLToPath(new URL('../appPackage/', import.meta.url))): Promise<string[]> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const written: string[] = [];
    for (const icon of ICONS) {
      await page.setViewportSize({ width: icon.size, height: icon.size });
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${icon.svg}</body></html>`);
      const path = `${folder.replace(/\/?$/, '/')}${icon.file}`;
      await page.screenshot({ path, omitBackground: true, clip: { x: 0, y: 0, width: icon.size, height: icon.size } });
      written.push(path);
    }
    return written;
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const path of await renderIcons()) console.log(`wrote ${path}`);
}
