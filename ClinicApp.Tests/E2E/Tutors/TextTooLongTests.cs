using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Tutors;

/// <summary>A text too long to send is stopped in the browser with a message, before it can drop the
/// connection and be lost; fields stop typing at their column's maximum.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TextTooLongTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Pasting_a_huge_text_says_it_is_too_long_and_the_page_keeps_working()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("aurora", "reception@aurora.vet");
        await page.GotoAsync("aurora/tutors");
        await page.WaitForLiveAsync();

        // The search box has no column behind it (no maxlength): 3.5 MB "pasted" into it.
        await page.Locator("[data-testid=tutor-search]").EvaluateAsync(
            "el => { el.value = 'x'.repeat(3_500_000); el.dispatchEvent(new Event('input', { bubbles: true })); }");

        var notice = page.Locator("#clinic-text-too-long");
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync("Este texto é longo demais para enviar (3.500.000 caracteres, no máximo 20.000)");

        // The circuit is still there: the dialog opens, and its fields stop at the model's maximum.
        await page.ClickAsync("[data-testid=tutor-create]");
        await Expect(page.Locator("[data-testid=tutor-dialog]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.ScreenshotAsync("text-too-long");
        await Expect(page.Locator("input[data-testid=tutor-name]")).ToHaveAttributeAsync(
            "maxlength", TextLimits.Of<Tutor>(t => t.Name).ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Blazor's own reconnect display is replaced by one that says, in the reader's language, what may
        // have been lost; it only shows when the circuit drops.
        var reconnect = page.Locator("#components-reconnect-modal");
        await Expect(reconnect).Not.ToBeVisibleAsync();
        await Expect(reconnect).ToContainTextAsync("A conexão com o servidor caiu. Se você acabou de colar um texto muito longo");
    }
}
