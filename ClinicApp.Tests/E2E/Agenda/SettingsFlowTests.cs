using ClinicApp.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Agenda;

[Collection(BrowserCollection.Name)]
public sealed class SettingsFlowTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_admin_adds_a_room_that_becomes_a_column_of_the_agenda()
    {
        var room = $"Consultório {Random.Shared.Next(100, 999)}";
        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync(FrontDeskData.Slug, "admin@aurora.vet");
        await admin.GotoAsync("aurora/admin/settings");
        await admin.WaitForLiveAsync();

        // Saving the hours as they are (other tests rely on them) confirms with a snackbar.
        await admin.ClickAsync("[data-testid=settings-save]");
        await Expect(admin.Locator(".mud-snackbar", new() { HasText = "Configurações salvas." })).ToBeVisibleAsync();

        await admin.ClickAsync("[data-testid=room-add]");
        await admin.FillAsync("[data-testid=room-name]", room);
        await admin.ClickAsync("[data-testid=room-save]");
        await Expect(admin.Locator("[data-testid=rooms-table]")).ToContainTextAsync(room);

        await admin.ClickAsync("[data-testid=room-add]");
        await admin.FillAsync("[data-testid=room-name]", room);
        await admin.ClickAsync("[data-testid=room-save]");
        await Expect(admin.Locator("[data-testid=room-error]")).ToHaveTextAsync("Já existe uma sala com este nome.");
        await admin.ScreenshotAsync("settings-room-refused");
        await admin.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancelar" }).ClickAsync();
        await Expect(admin.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await admin.ScreenshotAsync("settings");

        await admin.GotoAsync("aurora/agenda?by=room");
        await admin.WaitForLiveAsync();
        await Expect(admin.Locator("[data-testid=agenda-column-head]", new() { HasText = room })).ToBeVisibleAsync();
        await Expect(admin.Locator("[data-testid=agenda-column-head]", new() { HasText = "Sem sala" })).ToBeVisibleAsync();
        await admin.ScreenshotAsync("agenda-per-room");
        await admin.Context.CloseAsync();
    }
}
