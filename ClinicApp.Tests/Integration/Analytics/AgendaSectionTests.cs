using System.Security.Claims;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Analytics;
using ClinicApp.Features.Invoices;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Analytics;

/// <summary>The agenda and production section on a hospital built by hand (the demo hospitals have their own
/// data): a week of March 2025 in São Paulo whose figures are worked out in <see cref="AgendaWeek"/>, the week
/// before it for the comparison, and a second hospital whose rows must never appear.</summary>
public sealed class AgendaSectionTests(AgendaWeek week) : IClassFixture<AgendaWeek>
{
    private static readonly AnalyticsPeriod Period = AgendaWeek.Period;

    private static decimal?[] V(params decimal?[] values) => values;

    [Fact]
    public async Task The_cards_count_the_week_and_the_week_before()
    {
        var dashboard = await week.AsAdmin(s => s.BuildAsync(Period));

        Assert.False(dashboard.VetView);
        Assert.Equal(["attended", "no-show-rate", "new-tutors", "new-pets"], dashboard.Cards.Select(c => c.Id).Where(AgendaWeek.Cards.Contains));
        Assert.Equal((4m, 1m), (dashboard.Card("attended")!.Current, dashboard.Card("attended")!.Previous));
        // 7 appointments due (the cancelled one is not), 2 no-shows; the week before: 1 of 2.
        Assert.Equal((28.6m, 50.0m), (dashboard.Card("no-show-rate")!.Current, dashboard.Card("no-show-rate")!.Previous));
        Assert.False(dashboard.Card("no-show-rate")!.Value.HigherIsBetter);
        Assert.Equal(-42.8m, dashboard.Card("no-show-rate")!.ChangePercent);
        Assert.Equal((1m, 1m), (dashboard.Card("new-tutors")!.Current, dashboard.Card("new-tutors")!.Previous));
        Assert.Equal((1m, 0m), (dashboard.Card("new-pets")!.Current, dashboard.Card("new-pets")!.Previous));
        Assert.Equal(300m, dashboard.Card("attended")!.ChangePercent);
    }

    [Fact]
    public async Task Appointments_by_status_stack_per_local_day_and_23_30_belongs_to_its_local_day()
    {
        var chart = (await week.AsAdmin(s => s.BuildAsync(Period))).Chart("appointments-by-status")!;

        Assert.Equal((ChartShape.Time, ValueFormat.Count, true), (chart.Shape, chart.Format, chart.Stacked));
        Assert.Equal(Enumerable.Range(3, 7).Select(d => $"2025-03-{d:00}"), chart.Categories.Select(c => c.Key));
        Assert.Equal(["attended", "no-show", "cancelled", "open"], chart.Series.Select(s => s.Key));
        Assert.Equal(V(2m, 1m, 1m, 0m, 0m, 0m, 0m), chart.Series[0].Values);
        Assert.Equal(V(1m, 1m, 0m, 0m, 0m, 0m, 0m), chart.Series[1].Values);
        Assert.Equal(V(0m, 0m, 0m, 0m, 1m, 0m, 0m), chart.Series[2].Values);
        Assert.Equal(V(0m, 0m, 0m, 1m, 0m, 0m, 0m), chart.Series[3].Values);
        Assert.Equal(8m, chart.Headline);

        // 23:30 of Wednesday in São Paulo is 02:30 UTC on Thursday: it is Wednesday's.
        var wednesday = await week.AsAdmin(s => s.DrillAsync(Period, new DrillKey("appointments-by-status", "attended", "2025-03-05")));
        Assert.Equal([week.LateEvening], wednesday.Rows.Select(r => r.Id));
        Assert.Equal(new DateTime(2025, 3, 6, 2, 30, 0), wednesday.Rows[0].At);
        Assert.Equal("agenda?date=2025-03-05", wednesday.Rows[0].Href);
        Assert.Equal("Rex · Marina Costa", wednesday.Rows[0].Title);
    }

    [Fact]
    public async Task The_heatmap_has_the_no_show_rate_of_each_weekday_and_local_hour()
    {
        var chart = (await week.AsAdmin(s => s.BuildAsync(Period))).Chart("no-show-heatmap")!;

        Assert.Equal((ChartShape.Heatmap, ValueFormat.Percent), (chart.Shape, chart.Format));
        Assert.Equal(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"], chart.Series.Select(s => s.Key)); // no Sunday booked
        Assert.Equal(["09", "10", "14", "23"], chart.Categories.Select(c => c.Key));
        Assert.Equal(50.0m, chart.ValueAt("monday", "09"));
        Assert.Equal(0m, chart.ValueAt("monday", "10"));
        Assert.Equal(100.0m, chart.ValueAt("tuesday", "09"));
        Assert.Equal(0m, chart.ValueAt("tuesday", "14"));
        Assert.Equal(0m, chart.ValueAt("wednesday", "23"));
        Assert.Equal(0m, chart.ValueAt("thursday", "10"));
        Assert.Null(chart.ValueAt("wednesday", "09")); // nothing due there
        Assert.Null(chart.ValueAt("friday", "10")); // the cancelled one does not count
        Assert.Equal(28.6m, chart.Headline);
    }

    [Fact]
    public async Task The_no_show_rate_by_reminder_outcome_is_shown_only_when_reminders_exist()
    {
        var dashboard = await week.AsAdmin(s => s.BuildAsync(Period));
        var chart = dashboard.Chart("no-show-by-reminder")!;

        Assert.Equal(["confirmed", "no-answer", "not-reached"], chart.Categories.Select(c => c.Key));
        // Confirmed: by reply (completed) and at the desk (confirmed); no answer: delivered, no reply (no-show);
        // not reached: the failed reminder (no-show) and three without any.
        Assert.Equal(V(0m, 100.0m, 25.0m), chart.Series.Single().Values);

        var before = await week.AsAdmin(s => s.BuildAsync(Period.Previous));
        Assert.Null(before.Chart("no-show-by-reminder"));
        Assert.NotNull(before.Chart("no-show-heatmap"));
    }

    [Fact]
    public async Task Production_per_vet_counts_their_appointments_visits_and_stays()
    {
        var dashboard = await week.AsAdmin(s => s.BuildAsync(Period));
        var money = dashboard.Chart("production-by-vet")!;
        var ticket = dashboard.Chart("ticket-by-vet")!;
        var counts = dashboard.Chart("consultations-by-vet")!;

        // B: 100 (visit) + 350 (stay) = 450 over 2 invoices; A: 150 + 250 = 400 (the cancelled 90 and the walk-in 80 are not production).
        Assert.Equal([week.VetB.ToString(), week.VetA.ToString()], money.Categories.Select(c => c.Key));
        Assert.Equal(["Dra. Beatriz Agenda", "Dr. André Agenda"], money.Categories.Select(c => c.Label));
        Assert.Equal(ValueFormat.Money, money.Format);
        Assert.Equal(V(450m, 400m), money.Series.Single(s => s.Key == "revenue").Values);
        Assert.Equal(850m, money.Headline);
        // The ticket on its own chart: beside the revenue on one axis it would be a flat line.
        Assert.Equal(["revenue"], money.Series.Select(s => s.Key));
        Assert.Equal(money.Categories, ticket.Categories);
        Assert.Equal((ValueFormat.Money, 212.50m), (ticket.Format, ticket.Headline));
        Assert.Equal(V(225m, 200m), ticket.Series.Single(s => s.Key == "average-ticket").Values);
        Assert.Equal(ValueFormat.Count, counts.Format);
        Assert.Equal(V(1m, 3m), counts.Series.Single(s => s.Key == "consultations").Values);
    }

    [Fact]
    public async Task Vaccinations_due_and_given_fall_on_their_days_and_removed_ones_do_not()
    {
        var chart = (await week.AsAdmin(s => s.BuildAsync(Period))).Chart("vaccinations")!;

        Assert.Equal(V(0m, 0m, 0m, 1m, 0m, 0m, 0m), chart.Series.Single(s => s.Key == "due").Values);
        Assert.Equal(V(0m, 1m, 0m, 0m, 0m, 0m, 0m), chart.Series.Single(s => s.Key == "given").Values);
        var given = await week.AsAdmin(s => s.DrillAsync(Period, new DrillKey("vaccinations", "given", "2025-03-04")));
        Assert.Equal($"pets/{week.Rex}", given.Rows.Single().Href);
        Assert.Equal(("Rex · V10", "Marina Costa"), (given.Rows[0].Title, given.Rows[0].Detail));
    }

    [Fact]
    public async Task Every_card_and_every_point_of_every_chart_drills_down_to_rows_that_add_up_to_it()
    {
        var dashboard = await week.AsAdmin(s => s.BuildAsync(Period));
        var checkedPoints = 0;

        foreach (var card in dashboard.Cards.Where(c => AgendaWeek.Cards.Contains(c.Id)))
        {
            var list = await week.AsAdmin(s => s.DrillAsync(Period, new DrillKey(card.Id)));
            Assert.True(card.Current == list.Total, $"{card.Id}: {card.Current} vs {list.Total}");
            Assert.All(list.Rows, r => Assert.NotNull(r.Href));
        }

        foreach (var chart in dashboard.Charts.Select(c => c.Chart).Where(c => AgendaWeek.Charts.Contains(c.Id)))
        {
            foreach (var series in chart.Series)
            {
                foreach (var (category, value) in chart.Categories.Zip(series.Values).Where(p => p.Second is not null))
                {
                    var list = await week.AsAdmin(s => s.DrillAsync(Period, new DrillKey(chart.Id, series.Key, category.Key)));
                    Assert.True(value == list.Total, $"{chart.Id}/{series.Key}/{category.Key}: {value} vs {list.Total}");
                    Assert.All(list.Rows, r => Assert.NotNull(r.Href));
                    checkedPoints++;
                }
            }
        }

        // 4 status series × 7 days, 6 heatmap cells, 3 reminder outcomes, 2 vets × 3 production charts, 2 vaccination series × 7 days.
        Assert.Equal(28 + 6 + 3 + 6 + 14, checkedPoints);
        // A point of no figure is not found rather than an empty list.
        var missing = await Assert.ThrowsAsync<DomainRuleException>(() => week.AsAdmin(s => s.DrillAsync(Period, new DrillKey("appointments-by-status", "attended", "2025-04-01"))));
        Assert.Equal("Common.Error.NotFound", missing.Message);
    }

    [Fact]
    public async Task The_cards_drill_down_to_the_right_records()
    {
        var noShows = await week.AsAdmin(s => s.DrillAsync(Period, new DrillKey("no-show-rate")));
        var tutors = await week.AsAdmin(s => s.DrillAsync(Period, new DrillKey("new-tutors")));
        var pets = await week.AsAdmin(s => s.DrillAsync(Period, new DrillKey("new-pets")));
        var revenue = await week.AsAdmin(s => s.DrillAsync(Period, new DrillKey("production-by-vet", "revenue", week.VetB.ToString())));

        Assert.Equal((DrillAggregate.Rate, 7, 2m), (noShows.Aggregate, noShows.Rows.Count, noShows.Rows.Sum(r => r.Value)));
        Assert.Equal($"tutors/{week.NewTutor}", tutors.Rows.Single().Href);
        Assert.Equal($"pets/{week.NewPet}", pets.Rows.Single().Href);
        Assert.All(revenue.Rows, r => Assert.StartsWith("invoices/", r.Href, StringComparison.Ordinal));
        Assert.Equal(V(100m, 350m), revenue.Rows.Select(r => (decimal?)r.Value));
    }

    [Fact]
    public async Task A_vet_sees_only_their_own_production_and_no_hospital_figure()
    {
        var dashboard = await week.As(week.VetA, Roles.Veterinarian, s => s.BuildAsync(Period));

        Assert.True(dashboard.VetView);
        Assert.Equal(["attended", "vet-revenue", "vet-average-ticket"], dashboard.Cards.Select(c => c.Id));
        Assert.Equal((3m, 1m), (dashboard.Card("attended")!.Current, dashboard.Card("attended")!.Previous));
        Assert.Equal((400m, 200m), (dashboard.Card("vet-revenue")!.Current, dashboard.Card("vet-average-ticket")!.Current));
        Assert.Equal(["production-by-vet", "ticket-by-vet", "consultations-by-vet"], dashboard.Charts.Select(c => c.Chart.Id));
        Assert.All(dashboard.Charts, c => Assert.Equal([week.VetA.ToString()], c.Chart.Categories.Select(x => x.Key)));
        Assert.Equal(400m, dashboard.Chart("production-by-vet")!.Headline);

        foreach (var card in dashboard.Cards.Where(c => AgendaWeek.Cards.Contains(c.Id)))
        {
            var list = await week.As(week.VetA, Roles.Veterinarian, s => s.DrillAsync(Period, new DrillKey(card.Id)));
            Assert.Equal(card.Current, list.Total);
        }

        var own = await week.As(week.VetA, Roles.Veterinarian, s => s.DrillAsync(Period, new DrillKey("production-by-vet", "revenue", week.VetA.ToString())));
        Assert.Equal(400m, own.Total);

        DrillKey[] others =
        [
            new("production-by-vet", "revenue", week.VetB.ToString()),
            new("ticket-by-vet", "average-ticket", week.VetB.ToString()),
            new("production-by-vet", "average-ticket", week.VetA.ToString()),
            new("consultations-by-vet", "consultations", week.VetB.ToString()),
            new("no-show-rate"),
            new("new-tutors"),
            new("appointments-by-status", "attended", "2025-03-03"),
        ];
        foreach (var key in others)
        {
            var error = await Assert.ThrowsAsync<DomainRuleException>(() => week.As(week.VetA, Roles.Veterinarian, s => s.DrillAsync(Period, key)));
            Assert.Equal("Common.Error.NotFound", error.Message);
        }

        // An admin has no "my revenue" card to open.
        var admins = await Assert.ThrowsAsync<DomainRuleException>(() => week.AsAdmin(s => s.DrillAsync(Period, new DrillKey("vet-revenue"))));
        Assert.Equal("Common.Error.NotFound", admins.Message);
    }

    [Fact]
    public async Task Reception_is_refused()
    {
        var build = await Assert.ThrowsAsync<DomainRuleException>(() => week.As(week.Receptionist, Roles.Receptionist, s => s.BuildAsync(Period)));
        var drill = await Assert.ThrowsAsync<DomainRuleException>(() => week.As(week.Receptionist, Roles.Receptionist, s => s.DrillAsync(Period, new DrillKey("attended"))));

        Assert.Equal(("Common.Error.NotAllowed", "Common.Error.NotAllowed"), (build.Message, drill.Message));
    }

    [Fact]
    public async Task Another_hospitals_rows_never_appear()
    {
        var ours = await week.AsAdmin(s => s.BuildAsync(Period));
        var theirs = await week.AsOtherAdmin(s => s.BuildAsync(Period));
        var ourRows = new List<Guid>();
        foreach (var key in new DrillKey[] { new("attended"), new("no-show-rate"), new("new-tutors"), new("new-pets") })
        {
            ourRows.AddRange((await week.AsAdmin(s => s.DrillAsync(Period, key))).Rows.Select(r => r.Id));
        }

        Assert.DoesNotContain(week.OtherAppointment, ourRows);
        Assert.DoesNotContain(week.OtherVet.ToString(), ours.Chart("production-by-vet")!.Categories.Select(c => c.Key));
        // Theirs: one no-show and its invoice only.
        Assert.Equal((0m, 100.0m), (theirs.Card("attended")!.Current, theirs.Card("no-show-rate")!.Current));
        Assert.Equal([week.OtherVet.ToString()], theirs.Chart("production-by-vet")!.Categories.Select(c => c.Key));
        Assert.Equal(V(70m), theirs.Chart("production-by-vet")!.Series.Single(s => s.Key == "revenue").Values);
    }
}

/// <summary>The hand-built week (Mon 3 – Sun 9 March 2025, America/Sao_Paulo) of a new hospital with two vets:
/// <code>
///  #  local start          vet  status      reminder                 invoice
///  1  Mon 03 09:00         A    Completed   delivered + confirmed    150
///  2  Mon 03 09:30         A    NoShow      delivered, no reply
///  3  Mon 03 10:00         B    Completed   —                        100
///  4  Tue 04 09:00         B    NoShow      failed
///  5  Tue 04 14:00         A    CheckedIn   —                        90 (cancelled)
///  6  Wed 05 23:30         A    Completed   —                        250 (issued Thu 02:40 UTC)
///  7  Thu 06 10:00         B    Confirmed   —
///  8  Fri 07 10:00         A    Cancelled   —
/// </code>
/// plus a stay of B (invoice 350), a walk-in invoice (80, no visit), a new tutor and pet (Tue 04) and a removed pet, vaccinations
/// (given Tue 04, due Thu 06, one removed), and the week before: A completed + no-show, one new tutor.</summary>
public sealed class AgendaWeek : IAsyncLifetime
{
    public static readonly AnalyticsPeriod Period = new(new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 9));

    /// <summary>This section's figures (the dashboard holds the other sections' too).</summary>
    public static readonly string[] Cards = ["attended", "no-show-rate", "new-tutors", "new-pets"];

    public static readonly string[] Charts = ["appointments-by-status", "no-show-heatmap", "no-show-by-reminder", "production-by-vet", "ticket-by-vet", "consultations-by-vet", "vaccinations"];

    private readonly ClinicAppFactory _app = new();
    private TenantInfo _hospital = null!;
    private TenantInfo _other = null!;
    private Guid _admin;
    private Guid _otherAdmin;
    private int _invoiceNumber = 100;

    public Guid VetA { get; private set; }

    public Guid VetB { get; private set; }

    public Guid OtherVet { get; private set; }

    public Guid Receptionist { get; private set; }

    public Guid LateEvening { get; private set; }

    public Guid NewTutor { get; private set; }

    public Guid NewPet { get; private set; }

    public Guid Rex { get; private set; }

    public Guid OtherAppointment { get; private set; }

    public async Task InitializeAsync()
    {
        var provisioning = _app.Services.GetRequiredService<HospitalProvisioning>();
        _hospital = (await provisioning.AddAsync("analytics-agenda", "Hospital Agenda", "admin@analytics-agenda.vet", adminPassword: ClinicAppFactory.Password)).Tenant;
        _other = (await provisioning.AddAsync("analytics-other", "Hospital Outro", "admin@analytics-other.vet", adminPassword: ClinicAppFactory.Password)).Tenant;
        _admin = await UserAsync(_hospital, Roles.Admin, "Admin Agenda");
        _otherAdmin = await UserAsync(_other, Roles.Admin, "Admin Outro");
        VetA = await UserAsync(_hospital, Roles.Veterinarian, "Dr. André Agenda");
        VetB = await UserAsync(_hospital, Roles.Veterinarian, "Dra. Beatriz Agenda");
        Receptionist = await UserAsync(_hospital, Roles.Receptionist, "Recepção Agenda");
        OtherVet = await UserAsync(_other, Roles.Veterinarian, "Dr. Outro");
        await SeedAsync();
        await SeedOtherAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public Task<T> AsAdmin<T>(Func<AnalyticsService, Task<T>> call) => As(_hospital, _admin, Roles.Admin, call);

    public Task<T> AsOtherAdmin<T>(Func<AnalyticsService, Task<T>> call) => As(_other, _otherAdmin, Roles.Admin, call);

    public Task<T> As<T>(Guid user, string role, Func<AnalyticsService, Task<T>> call) => As(_hospital, user, role, call);

    private async Task<T> As<T>(TenantInfo hospital, Guid user, string role, Func<AnalyticsService, Task<T>> call)
    {
        await using var scope = Scope(hospital, user, role);
        return await call(scope.ServiceProvider.GetRequiredService<AnalyticsService>());
    }

    private AsyncServiceScope Scope(TenantInfo hospital, Guid user, string role)
    {
        var scope = _app.Services.GetRequiredService<TenantScopes>().Create(hospital, "test");
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetUser(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.ToString()), new Claim(ClaimTypes.Name, $"{role}@test"), new Claim(ClaimTypes.Role, role)], "test")));
        return scope;
    }

    private async Task<Guid> UserAsync(TenantInfo hospital, string role, string name)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@{hospital.Slug}.vet";
        await _app.Services.GetRequiredService<HospitalProvisioning>().EnsureUserAsync(hospital, email, name, [role], TestUsers.Password);
        await using var scope = _app.Services.GetRequiredService<TenantScopes>().Create(hospital);
        return (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
    }

    private static DateTime At(TenantInfo hospital, int month, int day, int hour, int minute = 0) =>
        HospitalTime.ToUtc(new DateTime(2025, month, day, hour, minute, 0), hospital.TimeZone);

    private static Appointment Book(Guid pet, Guid tutor, Guid vet, DateTime startUtc, params AppointmentStatus[] path)
    {
        var appointment = new Appointment { PetId = pet, TutorId = tutor, VeterinarianId = vet, Type = AppointmentType.Consultation };
        appointment.SetTime(startUtc, 30);
        appointment.Open(startUtc.AddDays(-3));
        foreach (var status in path)
        {
            appointment.ChangeStatus(status, startUtc, status == AppointmentStatus.Cancelled ? "Tutor desmarcou" : null);
        }

        appointment.SyncSlots();
        return appointment;
    }

    private static readonly AppointmentStatus[] Completed = [AppointmentStatus.CheckedIn, AppointmentStatus.InProgress, AppointmentStatus.Completed];

    private Invoice Bill(Guid tutor, Guid pet, string? visitKey, DateTime issuedUtc, params decimal[] items)
    {
        var invoice = new Invoice { Number = ++_invoiceNumber, TutorId = tutor, PetId = pet, VisitKey = visitKey, IssuedAt = issuedUtc };
        foreach (var amount in items)
        {
            invoice.AddItem("Consulta", ChargeKind.Consultation, 1, amount);
        }

        return invoice;
    }

    private static OutboxMessage Reminder(Appointment appointment, Action<OutboxMessage> then)
    {
        var message = new OutboxMessage
        {
            Channel = OutboxChannel.WhatsApp, To = "whatsapp:+5511999990000", Subject = "Lembrete", Body = "Lembrete",
            Kind = nameof(MessageKind.AppointmentReminder), TutorId = appointment.TutorId, AppointmentId = appointment.Id,
            ReminderKey = $"test:{Guid.NewGuid():N}",
        };
        then(message);
        return message;
    }

    private async Task SeedAsync()
    {
        var h = _hospital;
        await using var scope = Scope(h, _admin, Roles.Admin);
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var tutor = new Tutor { Name = "Marina Costa" };
        var earlier = new Tutor { Name = "Paulo Semana Anterior" };
        var newTutor = new Tutor { Name = "Nova Tutora" };
        var rex = new Pet { TutorId = tutor.Id, Name = "Rex" };
        var newPet = new Pet { TutorId = newTutor.Id, Name = "Pipoca" };
        var removedPet = new Pet { TutorId = newTutor.Id, Name = "Cadastro Errado", IsDeleted = true, DeletedAt = DateTime.UtcNow };
        db.AddRange(tutor, earlier, newTutor, rex, newPet, removedPet);

        Appointment Visit(Guid vet, int day, int hour, int minute, params AppointmentStatus[] path) => Book(rex.Id, tutor.Id, vet, At(h, 3, day, hour, minute), path);
        var a1 = Visit(VetA, 3, 9, 0, Completed);
        var a2 = Visit(VetA, 3, 9, 30, AppointmentStatus.NoShow);
        var a3 = Visit(VetB, 3, 10, 0, Completed);
        var a4 = Visit(VetB, 4, 9, 0, AppointmentStatus.NoShow);
        var a5 = Visit(VetA, 4, 14, 0, AppointmentStatus.CheckedIn);
        var a6 = Visit(VetA, 5, 23, 30, Completed);
        var a7 = Visit(VetB, 6, 10, 0, AppointmentStatus.Confirmed);
        var a8 = Visit(VetA, 7, 10, 0, AppointmentStatus.Cancelled);
        // The week before (Tue 25 Feb): one completed, one no-show.
        var b1 = Book(rex.Id, tutor.Id, VetA, At(h, 2, 25, 9), Completed);
        var b2 = Book(rex.Id, tutor.Id, VetA, At(h, 2, 25, 10), AppointmentStatus.NoShow);
        db.Appointments.AddRange(a1, a2, a3, a4, a5, a6, a7, a8, b1, b2);
        LateEvening = a6.Id;

        var stay = new Hospitalization { PetId = rex.Id, TutorId = tutor.Id, AdmittingVetId = VetA, ResponsibleVetId = VetB, Reason = "Observação" };
        stay.Admit(null, At(h, 3, 4, 15));
        stay.End(HospitalizationStatus.Discharged, "Alta", At(h, 3, 5, 15));
        db.Hospitalizations.Add(stay);

        var cancelled = Bill(tutor.Id, rex.Id, CareCharges.AppointmentKey(a5.Id), At(h, 3, 4, 15), 90m);
        cancelled.Cancel("Lançada em duplicidade", At(h, 3, 4, 16));
        db.Invoices.AddRange(
            Bill(tutor.Id, rex.Id, CareCharges.AppointmentKey(a1.Id), At(h, 3, 3, 9, 40), 150m),
            Bill(tutor.Id, rex.Id, CareCharges.AppointmentKey(a6.Id), At(h, 3, 5, 23, 40), 200m, 50m),
            Bill(tutor.Id, rex.Id, CareCharges.AppointmentKey(a3.Id), At(h, 3, 3, 10, 40), 100m),
            Bill(tutor.Id, rex.Id, CareCharges.StayVisitKey(stay.Id), At(h, 3, 5, 16), 350m),
            Bill(tutor.Id, rex.Id, null, At(h, 3, 6, 11), 80m),
            Bill(tutor.Id, rex.Id, CareCharges.AppointmentKey(b1.Id), At(h, 2, 25, 9, 40), 120m),
            cancelled);

        var sentAt = At(h, 3, 2, 9);
        db.OutboxMessages.AddRange(
            Reminder(a1, m => { m.MarkSent("SM-a1", sentAt); m.RecordDelivery(DeliveryStatus.Delivered, null, sentAt); }),
            Reminder(a2, m => { m.MarkSent("SM-a2", sentAt); m.RecordDelivery(DeliveryStatus.Read, null, sentAt); }),
            Reminder(a4, m => m.FailPermanently("Twilio 63016: outside the allowed window", "63016")));
        db.InboundMessages.Add(new InboundMessage
        {
            MessageSid = $"SM{Guid.NewGuid():N}", From = "whatsapp:+5511999990000", Body = "1", ReceivedAt = sentAt.AddHours(1),
            TutorId = tutor.Id, AppointmentId = a1.Id, Outcome = InboundOutcome.Confirmed,
        });

        db.Vaccinations.AddRange(
            new Vaccination { PetId = rex.Id, Vaccine = "V10", AppliedOn = new DateOnly(2025, 3, 4), NextDueOn = new DateOnly(2026, 3, 4) },
            new Vaccination { PetId = rex.Id, Vaccine = "Antirrábica", AppliedOn = new DateOnly(2024, 3, 6), NextDueOn = new DateOnly(2025, 3, 6) },
            new Vaccination { PetId = rex.Id, Vaccine = "Giárdia", AppliedOn = new DateOnly(2025, 3, 7), NextDueOn = new DateOnly(2025, 3, 8), IsDeleted = true, DeletedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();

        // Records are stamped "now" when saved; the new ones of the weeks are dated back.
        await db.Tutors.Where(t => t.Id == newTutor.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CreatedAt, At(h, 3, 4, 11)));
        await db.Pets.IgnoreQueryFilters().Where(p => p.Id == newPet.Id || p.Id == removedPet.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.CreatedAt, At(h, 3, 4, 11)));
        await db.Tutors.Where(t => t.Id == earlier.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CreatedAt, At(h, 2, 26, 11)));
        NewTutor = newTutor.Id;
        NewPet = newPet.Id;
        Rex = rex.Id;
    }

    /// <summary>The other hospital: one no-show in the same week, billed 70, of its own vet.</summary>
    private async Task SeedOtherAsync()
    {
        await using var scope = Scope(_other, _otherAdmin, Roles.Admin);
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var tutor = new Tutor { Name = "Tutor de Outro Hospital" };
        var pet = new Pet { TutorId = tutor.Id, Name = "Thor" };
        var appointment = Book(pet.Id, tutor.Id, OtherVet, At(_other, 3, 3, 9), AppointmentStatus.NoShow);
        db.AddRange(tutor, pet, appointment, Bill(tutor.Id, pet.Id, CareCharges.AppointmentKey(appointment.Id), At(_other, 3, 3, 9, 40), 70m));
        await db.SaveChangesAsync();
        await db.Tutors.Where(t => t.Id == tutor.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CreatedAt, At(_other, 3, 4, 11)));
        OtherAppointment = appointment.Id;
    }
}
