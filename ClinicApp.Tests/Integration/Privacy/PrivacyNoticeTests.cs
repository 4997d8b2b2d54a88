using System.Net;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Portal;
using ClinicApp.Features.Privacy;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Privacy;

/// <summary>The privacy notice: public (no sign-in), per hospital, the standard text naming the hospital
/// until an admin writes their own; linked from the sign-in page.</summary>
[Collection(AppCollection.Name)]
public sealed class PrivacyNoticeTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task Anyone_reads_the_notice_and_the_admins_text_replaces_the_standard_one()
    {
        // boavista is only touched here: its notice starts as the standard text.
        await using var admin = await Desk.AsAsync(_app, "boavista", Roles.Admin);
        await using (var db = await admin.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            await db.PortalSettings.ExecuteUpdateAsync(s => s.SetProperty(p => p.PrivacyNotice, (string?)null));
        }

        using var http = new Http(_app.BaseUrl);
        var response = await http.GetAsync("boavista/privacy");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Http.Text(await response.Content.ReadAsStringAsync());
        Assert.Contains(admin.Hospital.Name, page, StringComparison.Ordinal);
        Assert.Contains("LGPD", page, StringComparison.Ordinal);
        // The standard text (in the hospital's language) names the rights, portability among them.
        Assert.True(page.Contains("portável", StringComparison.Ordinal) || page.Contains("portable", StringComparison.Ordinal), page);

        var text = $"Aviso próprio {Guid.NewGuid():N}\n\nSegundo parágrafo: fale com a Dra. Ana.";
        await admin.Services.GetRequiredService<PrivacyNoticeService>().SaveAsync(text);
        page = Http.Text(await (await http.GetAsync("boavista/privacy")).Content.ReadAsStringAsync());
        Assert.Contains(text.Split("\n\n")[0], page, StringComparison.Ordinal);
        Assert.Contains("Segundo parágrafo: fale com a Dra. Ana.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("portável", page, StringComparison.Ordinal);
        Assert.DoesNotContain("portable", page, StringComparison.Ordinal);

        // aurora's page is its own.
        Assert.DoesNotContain(text.Split("\n\n")[0], Http.Text(await (await http.GetAsync("aurora/privacy")).Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // The sign-in page links to it.
        Assert.Contains("href=\"privacy\"", await (await http.GetAsync("boavista/account/login")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await admin.Services.GetRequiredService<PrivacyNoticeService>().SaveAsync(null);
    }

    [Fact]
    public async Task Only_admins_edit_it_and_not_beyond_its_length()
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var notices = admin.Services.GetRequiredService<PrivacyNoticeService>();
        var before = (await notices.GetAsync()).Text;
        var e = await Assert.ThrowsAsync<DomainRuleException>(() => notices.SaveAsync(new string('a', PortalSettings.MaxPrivacyNoticeLength + 1)));
        Assert.Equal("Privacy.Error.NoticeTooLong", e.Message);

        await using var reception = await Desk.AsAsync(_app, "aurora");
        Assert.Equal("Common.Error.NotAllowed",
            (await Assert.ThrowsAsync<DomainRuleException>(() => reception.Services.GetRequiredService<PrivacyNoticeService>().SaveAsync("x"))).Message);
        Assert.Equal(before, (await notices.GetAsync()).Text);
    }
}
