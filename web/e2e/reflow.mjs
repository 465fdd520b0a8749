// Reflow (WCAG 2.2 1.4.10): at 320 CSS pixels wide the main pages fit the
// width of the window, with wide tables scrolling inside their own region
// rather than the whole page scrolling sideways.
import { expect } from "./harness.mjs";

/** reflow opens the journeys' main pages at 320 px as their people. */
export async function reflow(h, state) {
  const sub = state.submission;
  const pages = [
    [state.lead, ["/audits", `/respond/${sub}`, `/respond/${sub}/-/section/S1`, `/respond/${sub}/-/section/S2`,
      `/respond/${sub}/-/review`, `/respond/${sub}/-/actions`, `/respond/${sub}/-/contributors`]],
    [state.admin, ["/partnerships", `/partnership/${state.partnership}`, `/template/${state.partnership}/templates/s11`,
      `/new-campaign/${state.partnership}`, `/campaign/${state.campaign}`, `/qa/${sub}`, `/report/${state.campaign}`]],
  ];
  h.step("every main page fits a 320 px wide window, its wide tables scrolling inside themselves");
  for (const [page, paths] of pages) {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of paths) {
      await page.goto(path);
      await page.locator("main h1").first().waitFor();
      await page.waitForLoadState("networkidle").catch(() => {});
      const { scroll, client } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(scroll <= client + 1, `${path} to fit 320 px, but it is ${scroll} px wide`);
    }
    await page.setViewportSize(size);
  }
}
