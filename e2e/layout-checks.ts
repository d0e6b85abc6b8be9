import { expect, type Locator, type Page } from '@playwright/test';

/** Widths the dashboard must hold at (issue 11): phones, a tablet, laptops and a wide desktop. */
export const WIDTHS = [360, 390, 768, 1024, 1280, 1920] as const;
export const HEIGHT = 800;

/** The page is never wider than the viewport: no sideways scrolling of the whole page. */
export async function expectNoPageOverflow(page: Page, what: string) {
  const { scroll, viewport } = await page.evaluate(() => ({
    scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    viewport: window.innerWidth,
  }));
  expect(scroll, `${what}: document ${scroll}px wide in a ${viewport}px viewport`).toBeLessThanOrEqual(viewport);
}

/** Every row, and every control in every row, lies inside the viewport horizontally (nothing cut off or scrolled). */
export async function expectRowsInside(page: Page, what: string) {
  const outside = await page.evaluate(() => {
    const width = window.innerWidth;
    const bad: string[] = [];
    for (const row of document.querySelectorAll('tbody > tr[role="row"]')) {
      const box = row.getBoundingClientRect();
      if (box.left < -0.5 || box.right > width + 0.5)
        bad.push(`row ${row.getAttribute('data-key-id') ?? ''} ${box.left}..${box.right}`);
      for (const control of row.querySelectorAll('button, a, select, input')) {
        const c = control.getBoundingClientRect();
        if (c.width === 0 && c.height === 0) continue; // not drawn (a closed dialog's content is not mounted)
        if (control.closest('dialog')) continue;
        // Inside the viewport, and inside its own cell (not overflowing into the next column or off the card).
        const cell = control.closest('td')!.getBoundingClientRect();
        if (c.left < -0.5 || c.right > width + 0.5 || c.right > cell.right + 0.5 || c.left < cell.left - 0.5)
          bad.push(
            `${control.tagName} "${control.textContent?.trim()}" ${c.left}..${c.right} (cell ${cell.left}..${cell.right})`,
          );
      }
    }
    return bad;
  });
  expect(outside, `${what}: rows or their actions outside the viewport`).toEqual([]);
}

/** The open dialog is entirely inside the viewport. */
export async function expectDialogInside(page: Page, dialog: Locator, what: string) {
  await expect(dialog).toBeVisible();
  const box = (await dialog.boundingBox())!;
  const viewport = page.viewportSize()!;
  const inside =
    box.x >= -0.5 &&
    box.y >= -0.5 &&
    box.x + box.width <= viewport.width + 0.5 &&
    box.y + box.height <= viewport.height + 0.5;
  expect(inside, `${what}: dialog at ${JSON.stringify(box)} in ${viewport.width}x${viewport.height}`).toBe(true);
  // Its own content does not scroll sideways either.
  const sideways = await dialog.evaluate((d) => d.scrollWidth > d.clientWidth + 1);
  expect(sideways, `${what}: dialog content wider than the dialog`).toBe(false);
}

/** After an action, the keyboard focus is somewhere sensible: never <body> (nor nothing). */
export async function expectFocusKept(page: Page, what: string) {
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const active = document.activeElement;
          return !active || active === document.body ? 'body' : active.tagName.toLowerCase();
        }),
      { message: `${what}: focus fell to <body>` },
    )
    .not.toBe('body');
  // Checked again a moment later: focus that lands and then drops (a removed element) fails too.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  expect(
    await page.evaluate(() => document.activeElement !== null && document.activeElement !== document.body),
    `${what}: focus fell to <body>`,
  ).toBe(true);
}
