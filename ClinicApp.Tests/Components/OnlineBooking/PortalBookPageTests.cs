using Bunit;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.OnlineBooking;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Integration.OnlineBooking;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.OnlineBooking;

/// <summary>Issue 15: the portal's booking page says when the hospital takes no online bookings, when no
/// time is free, and otherwise lists the free times under their days; the appointments page offers
/// confirm and cancel until the cut-off and "call the hospital" after it.</summary>
[Collection(OnlineBookingCollection.Name)]
public sealed class PortalBookPageTests(OnlineBookingApp fixture) : ComponentTestContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly List<IAsyncDisposable> _scopes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        foreach (var scope in _scopes)
        {
            await scope.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_online_booking_off_the_page_says_so_and_offers_nothing()
    {
        var slug = await fixture.NewHospitalAsync();
        await fixture.SetAsync(slug, enabled: false);
        await UseTutorAsync(slug);

        using var _ = new CultureScope("en");
        Render<MudBlazor.MudPopoverProvider>();
        var cut = Render<PortalBookPage>();

        cut.WaitForElement("[data-testid=book-off]", Wait);
        Assert.Contains("not taking online bookings", cut.Find("[data-testid=book-off]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=book-type]"));
        Assert.Empty(cut.FindAll("[data-testid=book-time]"));
    }

    [Fact]
    public async Task Without_a_free_time_the_page_says_none_is_free()
    {
        // A new hospital has no veterinarian yet: nobody to book.
        var slug = await fixture.NewHospitalAsync();
        await UseTutorAsync(slug);

        using var _ = new CultureScope("pt-BR");
        Render<MudBlazor.MudPopoverProvider>();
        var cut = Render<PortalBookPage>();

        cut.WaitForElement("[data-testid=book-no-times]", Wait);
        Assert.Contains("Nenhum horário livre", cut.Find("[data-testid=book-no-times]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=book-time]"));
    }

    [Fact]
    public async Task Free_times_are_listed_under_their_days_and_a_chosen_one_can_be_booked()
    {
        var slug = await fixture.NewHospitalAsync();
        await using (var desk = await Desk.AsAsync(fixture.App, slug))
        {
            await desk.NewVetAsync();
        }

        var tutor = await UseTutorAsync(slug);

        using var _ = new CultureScope("en");
        Render<MudBlazor.MudPopoverProvider>();
        var cut = Render<PortalBookPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=book-time]")), Wait);
        var days = cut.FindAll("[data-testid=book-day]");
        Assert.InRange(days.Count, 5, 7);
        Assert.Equal(days.Select(d => d.GetAttribute("data-day")).Order(StringComparer.Ordinal), days.Select(d => d.GetAttribute("data-day")));
        Assert.Empty(cut.FindAll("[data-testid=book-summary]"));

        var time = cut.FindAll("[data-testid=book-time]")[^1];
        var start = time.GetAttribute("data-start");
        time.Click();
        cut.Find("[data-testid=book-confirm]").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.EndsWith("/portal/appointments", navigation.Uri, StringComparison.Ordinal), Wait);
        var booked = await ((OnlineBookingService)Services.GetRequiredService(typeof(OnlineBookingService))).AppointmentsAsync();
        var appointment = Assert.Single(booked!.Upcoming);
        Assert.Equal(start, appointment.Start.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(appointment.BookedOnline);
        await using var db = Services.GetRequiredService<ClinicDbFactory>().CreateDbContext();
        Assert.Equal(tutor.PetId, (await db.Appointments.FindAsync(appointment.Id))!.PetId);
    }

    [Fact]
    public async Task The_appointments_page_offers_confirm_and_cancel_before_the_cutoff_and_call_the_hospital_after()
    {
        var slug = await fixture.NewHospitalAsync();
        await fixture.SetAsync(slug, cutoffHours: 168);
        var tutor = await UseTutorAsync(slug);
        await using (var desk = await Desk.AsAsync(fixture.App, slug))
        {
            var vet = await desk.NewVetAsync();
            // Inside the 168-hour cut-off (within a week) and outside it (three weeks ahead).
            var soon = desk.Time.Today.AddDays(2);
            while (soon.DayOfWeek == DayOfWeek.Sunday)
            {
                soon = soon.AddDays(1);
            }

            await desk.Agenda.BookAsync(Desk.Booking(tutor.PetId, vet, soon.ToDateTime(new TimeOnly(18, 0)), 30));
            await desk.Agenda.BookAsync(Desk.Booking(tutor.PetId, vet, desk.FutureSlot(weeksAhead: 3), 30));
        }

        using var _ = new CultureScope("en");
        Render<MudBlazor.MudPopoverProvider>();
        var cut = Render<PortalAppointmentsPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=portal-appointment]").Count), Wait);
        var (near, far) = (cut.FindAll("[data-testid=portal-appointment]")[0], cut.FindAll("[data-testid=portal-appointment]")[1]);
        Assert.Empty(near.QuerySelectorAll("[data-testid=portal-confirm]"));
        Assert.Contains("168 hours", near.QuerySelector("[data-testid=portal-call-hospital]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(far.QuerySelector("[data-testid=portal-confirm]"));
        Assert.NotNull(far.QuerySelector("[data-testid=portal-cancel]"));

        cut.FindAll("[data-testid=portal-appointment]")[1].QuerySelector("[data-testid=portal-confirm]")!.Click();

        cut.WaitForAssertion(() => Assert.Equal(nameof(AppointmentStatus.Confirmed), cut.FindAll("[data-testid=portal-appointment]")[1].GetAttribute("data-status")), Wait);
    }

    private async Task<PortalTutor> UseTutorAsync(string slug)
    {
        var tutor = await PortalTutors.CreateAsync(fixture.App, slug);
        var scope = await PortalTutors.ScopeAsync(fixture.App, tutor);
        _scopes.Add(scope);
        Services.AddFallbackServiceProvider(scope.ServiceProvider);
        Services.AddScoped(_ => scope.ServiceProvider.GetRequiredService<TenantContext>());
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return tutor;
    }
}
