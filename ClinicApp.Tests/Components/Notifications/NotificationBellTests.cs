using Bunit;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Notifications;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClinicApp.Tests.Components.Notifications;

[Collection(AppCollection.Name)]
public sealed class NotificationBellTests(AppFixture fixture) : LiveComponentTestContext(fixture, Roles.Nurse, Roles.Veterinarian)
{
    [Fact]
    public async Task A_notification_raised_from_an_english_screen_rings_a_portuguese_bell_in_portuguese()
    {
        var me = Viewer.Services.GetRequiredService<CurrentActor>().UserId!.Value;
        IRenderedComponent<NotificationBell> cut;
        using (new CultureScope("pt-BR"))
        {
            Render<MudPopoverProvider>();
            cut = Render<NotificationBell>();
            cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=notification-count]").GetAttribute("data-count")), Wait);
        }

        await Task.Run(async () =>
        {
            using var _ = new CultureScope("en");
            await Colleague.Services.GetRequiredService<NotificationService>().NotifyAsync(me, "Notifications.ExamReady", ["Hemograma", "Rex"], "exams");
        });

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=notification-count]").GetAttribute("data-count")), Wait);
        Assert.Equal("Notificações", cut.Find("[data-testid=notification-bell-button]").GetAttribute("aria-label"));
        Assert.Contains("notificações não lidas", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("unread notifications", cut.Markup, StringComparison.Ordinal);
    }
}
