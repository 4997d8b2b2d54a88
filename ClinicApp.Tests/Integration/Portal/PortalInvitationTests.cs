using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Portal;
using ClinicApp.Features.Settings;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Fakes;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ClinicApp.Tests.Integration.Portal;

/// <summary>Inviting a tutor to the portal: the one-time link (72 h, single use, voided by a newer
/// invitation, worthless at another hospital), the account it makes, and the tutor's own password
/// reset. Its own app: the hospitals' SMTP accounts point at this test's fake server.</summary>
public sealed partial class PortalInvitationTests : IAsyncLifetime
{
    private const string Chosen = "Minha@SenhaNova42";
    private readonly ClinicAppFactory _app = new();
    private readonly FakeSmtpServer _smtp = new();

    public async Task InitializeAsync()
    {
        foreach (var slug in new[] { "aurora", "boavista" })
        {
            await using var desk = await Desk.AsAsync(_app, slug, Roles.Admin);
            await desk.Services.GetRequiredService<IntegrationSettingsService>().SaveSmtpAsync(new SmtpSettingsInput
            {
                Host = "127.0.0.1", Port = _smtp.Port, StartTls = false, FromAddress = $"no-reply@{slug}.test", FromName = slug,
            });
        }
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_invitation_link_sets_the_first_password_once_and_the_tutor_lands_on_the_portal()
    {
        var (tutorId, email) = await NewTutorAsync("aurora", "Lúcia Prado");
        var sent = await InviteAsync("aurora", tutorId);
        Assert.Equal(email, sent.Email);

        var link = await InvitationLinkAsync(email);
        Assert.StartsWith($"{_app.BaseUrl}/aurora/account/set-password?", link, StringComparison.Ordinal);
        await using (var scope = await new TestUsers(_app).ScopeAsync("aurora"))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var account = await users.FindByEmailAsync(email);
            Assert.NotNull(account);
            Assert.Null(account.PasswordHash);
            Assert.Equal([Roles.Tutor], await users.GetRolesAsync(account));
            await using var db = scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContext();
            Assert.Equal(account.Id, (await db.Tutors.SingleAsync(t => t.Id == tutorId)).PortalUserId);
        }

        // Before the tutor chooses a password nobody can sign in to the account.
        Assert.NotEqual(HttpStatusCode.Redirect, (await new Http(_app.BaseUrl).SignInAsync("aurora", email, Chosen)).StatusCode);

        using var http = new Http(_app.BaseUrl);
        var set = await SetPasswordAsync(http, link, Chosen);
        Assert.Contains("data-testid=\"set-password-done\"", set, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", email, Chosen)).StatusCode);
        var home = await http.GetAsync("aurora/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/aurora/portal", Http.Location(home));
        var portal = await (await http.GetAsync("aurora/portal")).Content.ReadAsStringAsync();
        Assert.Contains("Olá, Lúcia", Http.Text(portal), StringComparison.Ordinal);

        // The link a second time: choosing the password changed the stamp it carried.
        var again = await SetPasswordAsync(new Http(_app.BaseUrl), link, "Outra@SenhaNova77");
        Assert.Contains("Este link é inválido, já foi usado ou expirou.", Http.Text(again), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await new Http(_app.BaseUrl).SignInAsync("aurora", email, Chosen)).StatusCode);
    }

    [Fact]
    public async Task A_new_invitation_voids_the_earlier_link()
    {
        var (tutorId, email) = await NewTutorAsync("aurora", "Otávio Reis");
        await InviteAsync("aurora", tutorId);
        var first = await InvitationLinkAsync(email);
        await InviteAsync("aurora", tutorId);
        var second = await InvitationLinkAsync(email);

        using var http = new Http(_app.BaseUrl);
        Assert.Contains("Este link é inválido, já foi usado ou expirou.", Http.Text(await SetPasswordAsync(http, first, Chosen)), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"set-password-done\"", await SetPasswordAsync(http, second, Chosen), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_is_good_for_72_hours()
    {
        var (tutorId, email) = await NewTutorAsync("aurora", "Cecília Antunes");
        await InviteAsync("aurora", tutorId);
        var link = await InvitationLinkAsync(email);

        // Tokens made as if the invitation had been sent 73 and 71 hours ago, for this very invitation.
        var expired = await TokenIssuedAsync("aurora", email, DateTimeOffset.UtcNow.AddHours(-73));
        var fresh = await TokenIssuedAsync("aurora", email, DateTimeOffset.UtcNow.AddHours(-71));
        using var http = new Http(_app.BaseUrl);
        Assert.Contains("Este link é inválido, já foi usado ou expirou.", Http.Text(await SetPasswordAsync(http, WithToken(link, expired), Chosen)), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"set-password-done\"", await SetPasswordAsync(http, WithToken(link, fresh), Chosen), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_from_another_hospital_is_worthless_even_for_the_same_address()
    {
        var email = $"tutor-{Guid.NewGuid():N}@example.com";
        var (auroraTutor, _) = await NewTutorAsync("aurora", "Vera Lins", email);
        var (boaVistaTutor, _) = await NewTutorAsync("boavista", "Vera Lins", email);
        await InviteAsync("aurora", auroraTutor);
        var auroraLink = await InvitationLinkAsync(email);
        await InviteAsync("boavista", boaVistaTutor);
        await InvitationLinkAsync(email);

        var atBoaVista = auroraLink.Replace("/aurora/", "/boavista/", StringComparison.Ordinal);
        using var http = new Http(_app.BaseUrl);
        Assert.Contains("Este link é inválido, já foi usado ou expirou.", Http.Text(await SetPasswordAsync(http, atBoaVista, Chosen)), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Redirect, (await new Http(_app.BaseUrl).SignInAsync("boavista", email, Chosen)).StatusCode);
    }

    [Fact]
    public async Task Only_reception_and_admins_invite_and_an_address_of_staff_or_of_another_tutor_is_refused()
    {
        var (tutorId, _) = await NewTutorAsync("aurora", "Sílvio Mota");
        foreach (var role in new[] { Roles.Nurse, Roles.Veterinarian })
        {
            await using var desk = await Desk.AsAsync(_app, "aurora", role);
            var refusal = await Assert.ThrowsAsync<DomainRuleException>(() =>
                desk.Services.GetRequiredService<PortalInvitations>().InviteAsync(tutorId, $"{_app.BaseUrl}/aurora/account/set-password"));
            Assert.Equal("Common.Error.NotAllowed", refusal.Message);
        }

        var (withoutEmail, _) = await NewTutorAsync("aurora", "Sem Email", email: "");
        Assert.Equal("Invite.Error.NoEmail", (await Assert.ThrowsAsync<DomainRuleException>(() => InviteAsync("aurora", withoutEmail))).Message);

        var staff = await new TestUsers(_app).CreateAsync("aurora", Roles.Nurse);
        var (usesStaffAddress, _) = await NewTutorAsync("aurora", "Endereço Ocupado", staff);
        Assert.Equal("Invite.Error.EmailInUse", (await Assert.ThrowsAsync<DomainRuleException>(() => InviteAsync("aurora", usesStaffAddress))).Message);

        var (first, shared) = await NewTutorAsync("aurora", "Primeiro Tutor");
        await InviteAsync("aurora", first);
        var (second, _) = await NewTutorAsync("aurora", "Segundo Tutor", $"other-{Guid.NewGuid():N}@example.com");
        await using (var desk = await Desk.AsAsync(_app, "aurora"))
        {
            var input = TutorInput.From(await desk.Tutors.GetAsync(second) ?? throw new InvalidOperationException());
            input.Email = shared;
            await desk.Tutors.SaveAsync(second, input);
        }

        Assert.Equal("Invite.Error.EmailInUse", (await Assert.ThrowsAsync<DomainRuleException>(() => InviteAsync("aurora", second))).Message);
        await using var check = await new TestUsers(_app).ScopeAsync("aurora");
        await using var db = check.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContext();
        Assert.Null((await db.Tutors.SingleAsync(t => t.Id == second)).PortalUserId);
        Assert.Null((await db.Tutors.SingleAsync(t => t.Id == usesStaffAddress)).PortalUserId);
    }

    [Fact]
    public async Task The_invitation_goes_by_WhatsApp_too_when_the_tutor_can_be_reached_there_in_the_same_save()
    {
        Guid tutorId;
        await using (var desk = await Desk.AsAsync(_app, "aurora"))
        {
            tutorId = await desk.Tutors.SaveAsync(null, new TutorInput
            {
                Name = "Rosa Campos", Cpf = Desk.NewCpf(), Email = $"rosa-{Guid.NewGuid():N}@example.com",
                Phone = $"+55119{Random.Shared.Next(10000000, 99999999)}", WhatsAppOptIn = true, RemindersConsent = true,
            });
        }

        var sent = await InviteAsync("aurora", tutorId);
        Assert.True(sent.ByWhatsApp);
        await using var scope = await new TestUsers(_app).ScopeAsync("aurora");
        await using var db = scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContext();
        var message = await db.OutboxMessages.SingleAsync(m => m.TutorId == tutorId && m.Channel == OutboxChannel.WhatsApp);
        Assert.Equal(nameof(MessageKind.PortalInvite), message.Kind);
        Assert.Contains("/aurora/account/set-password?", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tutor_resets_a_forgotten_password_the_same_way_as_staff()
    {
        var (tutorId, email) = await NewTutorAsync("aurora", "Ivo Barros");
        await InviteAsync("aurora", tutorId);
        using var http = new Http(_app.BaseUrl);
        await SetPasswordAsync(http, await InvitationLinkAsync(email), Chosen);

        var page = await (await http.GetAsync("aurora/account/forgot-password")).Content.ReadAsStringAsync();
        await http.PostFormAsync("aurora/account/forgot-password", page, "forgot-password", new() { ["Input.Email"] = email });
        var reset = new Uri(await LinkAsync(email, ResetLink()));
        var resetPage = await (await http.GetAsync(reset.PathAndQuery)).Content.ReadAsStringAsync();
        var query = System.Web.HttpUtility.ParseQueryString(reset.Query);
        var done = await http.PostFormAsync(reset.AbsolutePath, resetPage, "reset-password", new()
        {
            ["Input.Email"] = query["email"]!, ["Input.Token"] = query["token"]!, ["Input.New"] = "Esqueci@MinhaSenha8", ["Input.Confirm"] = "Esqueci@MinhaSenha8",
        });
        Assert.Contains("data-testid=\"reset-done\"", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await new Http(_app.BaseUrl).SignInAsync("aurora", email, "Esqueci@MinhaSenha8")).StatusCode);
    }

    private async Task<(Guid TutorId, string Email)> NewTutorAsync(string slug, string name, string? email = null)
    {
        email ??= $"tutor-{Guid.NewGuid():N}@example.com";
        await using var desk = await Desk.AsAsync(_app, slug);
        var id = await desk.Tutors.SaveAsync(null, new TutorInput { Name = name, Cpf = Desk.NewCpf(), Email = email.Length == 0 ? null : email });
        return (id, email);
    }

    private async Task<PortalInvitation> InviteAsync(string slug, Guid tutorId)
    {
        await using var desk = await Desk.AsAsync(_app, slug);
        return await desk.Services.GetRequiredService<PortalInvitations>().InviteAsync(tutorId, $"{_app.BaseUrl}/{slug}/{PortalInvitations.SetPasswordPath}");
    }

    private Task<string> InvitationLinkAsync(string email) => LinkAsync(email, InviteLink());

    private async Task<string> LinkAsync(string email, Regex pattern)
    {
        for (var i = 0; i < 150 && _smtp.Messages.IsEmpty; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(_smtp.Messages.TryDequeue(out var raw), "the e-mail arrived");
        using var message = await MimeMessage.LoadAsync(new MemoryStream(raw!));
        Assert.Equal(email, message.To.Mailboxes.Single().Address);
        return pattern.Match(message.TextBody!).Value;
    }

    private static async Task<string> SetPasswordAsync(Http http, string link, string password)
    {
        var uri = new Uri(link);
        var page = await (await http.GetAsync(uri.PathAndQuery)).Content.ReadAsStringAsync();
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var response = await http.PostFormAsync(uri.AbsolutePath, page, "set-password", new()
        {
            ["Input.Email"] = query["email"]!, ["Input.Token"] = query["token"]!, ["Input.New"] = password, ["Input.Confirm"] = password,
        });
        return await response.Content.ReadAsStringAsync();
    }

    private static string WithToken(string link, string token)
    {
        var uri = new Uri(link);
        var email = System.Web.HttpUtility.ParseQueryString(uri.Query)["email"]!;
        return $"{uri.GetLeftPart(UriPartial.Path)}?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}";
    }

    /// <summary>A token of the app's invitation provider for the tutor's current invitation, written
    /// as Identity's DataProtectorTokenProvider writes one, but dated <paramref name="issuedAt"/>.</summary>
    private async Task<string> TokenIssuedAsync(string slug, string email, DateTimeOffset issuedAt)
    {
        await using var scope = await new TestUsers(_app).ScopeAsync(slug);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
        await using var db = scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContext();
        var invitedAt = await db.Tutors.Where(t => t.PortalUserId == user.Id).Select(t => t.PortalInvitedAt).SingleAsync();
        using var buffer = new MemoryStream();
        await using (var writer = new BinaryWriter(buffer, new UTF8Encoding(false, true), leaveOpen: true))
        {
            writer.Write(issuedAt.UtcTicks);
            writer.Write(user.Id.ToString());
            writer.Write("portal-invite:" + invitedAt!.Value.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.Write(await users.GetSecurityStampAsync(user));
        }

        var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector(PortalInviteTokenProvider.ProviderName);
        return Convert.ToBase64String(protector.Protect(buffer.ToArray()));
    }

    [GeneratedRegex(@"http://\S+/account/set-password\?\S+")]
    private static partial Regex InviteLink();

    [GeneratedRegex(@"http://\S+/account/reset-password\?\S+")]
    private static partial Regex ResetLink();
}
