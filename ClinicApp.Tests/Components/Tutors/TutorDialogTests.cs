using ClinicApp.Common;
using System.Security.Claims;
using Bunit;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClinicApp.Tests.Components.Tutors;

/// <summary>The tutor dialog against the real <see cref="TutorService"/> of the test app's Aurora
/// hospital, acting as a receptionist.</summary>
[Collection(AppCollection.Name)]
public sealed class TutorDialogTests(AppFixture fixture) : ComponentTestContext, IAsyncLifetime
{
    private AsyncServiceScope _hospital;

    private TutorService Tutors => _hospital.ServiceProvider.GetRequiredService<TutorService>();

    public async Task InitializeAsync()
    {
        _hospital = fixture.App.Services.GetRequiredService<TenantScopes>().Create(await fixture.App.HospitalAsync("aurora"), "test");
        _hospital.ServiceProvider.GetRequiredService<CurrentActor>().SetUser(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "reception@aurora.vet"), new Claim(ClaimTypes.Role, Roles.Receptionist)], "test")));
        Services.AddScoped(_ => Tutors);
        Services.AddScoped(_ => _hospital.ServiceProvider.GetRequiredService<HospitalTime>());
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        // MudBlazor's dialog services only dispose asynchronously; xunit would dispose the context synchronously.
        await base.DisposeAsync();
        await _hospital.DisposeAsync();
    }

    [Fact]
    public async Task An_invalid_cpf_is_explained_in_the_dialog_which_keeps_what_was_typed_and_saves_nothing()
    {
        using var _ = new CultureScope("pt-BR");
        var name = $"Tutor CPF inválido {Guid.NewGuid():N}";
        var (provider, dialog) = await OpenAsync();

        provider.Find("input[data-testid=tutor-name]").Change(name);
        provider.Find("input[data-testid=tutor-cpf]").Change("123.456.789-00");
        provider.Find("input[data-testid=tutor-phone]").Change("(11) 98765-4321");
        provider.Find("[data-testid=tutor-save]").Click();

        var error = provider.WaitForElement("[data-testid=tutor-dialog-error]");
        Assert.Equal("Este CPF não é válido: confira os dígitos.", error.TextContent.Trim());
        Assert.Equal(name, provider.Find("input[data-testid=tutor-name]").GetAttribute("value"));
        Assert.Equal("123.456.789-00", provider.Find("input[data-testid=tutor-cpf]").GetAttribute("value"));
        Assert.False(dialog.Result.IsCompleted);
        Assert.Equal(0, (await Tutors.SearchAsync(new TutorQuery(name))).Total);
    }

    [Fact]
    public async Task A_valid_tutor_is_saved_and_the_dialog_returns_its_id()
    {
        using var _ = new CultureScope("pt-BR");
        var name = $"Tutora Válida {Guid.NewGuid():N}";
        var cpf = Cpf.Complete(Random.Shared.Next(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var (provider, dialog) = await OpenAsync();

        provider.Find("input[data-testid=tutor-name]").Change(name);
        provider.Find("input[data-testid=tutor-cpf]").Change(Cpf.Format(cpf));
        provider.Find("input[data-testid=tutor-phone]").Change("(21) 99876-5432");
        provider.Find("input[data-testid=tutor-reminders]").Change(true);
        provider.Find("[data-testid=tutor-save]").Click();

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        var saved = await Tutors.GetAsync(Assert.IsType<Guid>(result!.Data));
        Assert.NotNull(saved);
        Assert.Equal((name, cpf, "+5521998765432"), (saved.Name, saved.Cpf, saved.Phone));
        Assert.NotNull(saved.RemindersConsentAt);
        Assert.Null(saved.MarketingConsentAt);
    }

    [Fact]
    public async Task The_text_fields_carry_the_model_maximum_so_the_browser_stops_typing_at_it()
    {
        var (provider, _) = await OpenAsync();

        Assert.Equal(TextLimits.Of<Tutor>(t => t.Name).ToString(System.Globalization.CultureInfo.InvariantCulture),
            provider.Find("input[data-testid=tutor-name]").GetAttribute("maxlength"));
        Assert.Equal(TextLimits.Of<Tutor>(t => t.Notes).ToString(System.Globalization.CultureInfo.InvariantCulture),
            provider.Find("textarea").GetAttribute("maxlength"));
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> OpenAsync()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var dialog = await provider.InvokeAsync(() => dialogs.ShowAsync<TutorDialog>("Novo tutor", TutorDialog.Options));
        return (provider, dialog);
    }
}
