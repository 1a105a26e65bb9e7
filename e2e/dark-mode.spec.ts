import { expect, test } from "@playwright/test";
import { signIn } from "./helpers.js";

/** The console follows the system's light or dark preference until the user picks one with the toggle. */
const scheme = (page: import("@playwright/test").Page) => page.locator("html").getAttribute("data-mantine-color-scheme");

test("follows the system preference, toggles, remembers the choice, and can follow the system again", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, "admin", process.env.E2E_ADMIN_PASSWORD ?? "");
  expect(await scheme(page)).toBe("dark");
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const darkBackground = await background();

  const toggle = page.getByTestId("color-scheme-toggle");
  await expect(toggle).toHaveAccessibleName("Switch to light mode");
  await toggle.click();
  expect(await scheme(page)).toBe("light");
  expect(await background()).not.toBe(darkBackground);
  await expect(toggle).toHaveAccessibleName("Switch to dark mode");

  await page.reload();
  await expect(page.getByTestId("home-page")).toBeVisible();
  expect(await scheme(page)).toBe("light");

  await page.getByTestId("user-menu").click();
  await page.getByTestId("color-scheme-auto").click();
  expect(await scheme(page)).toBe("dark");
  await context.close();
});

test("a light system preference gives the light scheme", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "light" });
  const page = await context.newPage();
  await signIn(page, "admin", process.env.E2E_ADMIN_PASSWORD ?? "");
  expect(await scheme(page)).toBe("light");
  await context.close();
});
