using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Analytics;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Analytics;

/// <summary>The care section on a hand-built hospital in São Paulo whose answers are worked out by hand (see
/// <see cref="CareHospital"/>): cards, every chart point, the previous period, and every drill-down's total
/// against the figure it opens.</summary>
public sealed class CareSectionTests(CareSectionTests.Fixture fixture) : IClassFixture<CareSectionTests.Fixture>
{
    private readonly CareHospital _h = fixture.Hospital;

    [Fact]
    public async Task The_cards_count_patients_bed_days_doses_and_ended_stays_of_the_period_and_the_previous_one()
    {
        await using var admin = await _h.AsAsync(Roles.Admin);

        var dashboard = await admin.Services.GetRequiredService<AnalyticsService>().BuildAsync(_h.Period);

        // S3 (in bed B1) and S4 (waiting) are open at the end of the period; at the end of the previous one, S1.
        Assert.Equal((2m, 1m), Values(dashboard, CareSection.InHospitalId));
        // (1.5 + 2.5 + 2) bed-days of 3 beds × 10 days; before: (2 + 1.5) of 30 = 11.67 %.
        Assert.Equal((20.0m, 11.7m), Values(dashboard, CareSection.OccupancyId));
        // 3 of 7 doses on time (the cancelled one is not due); before: 1 of 1.
        Assert.Equal((42.9m, 100.0m), Values(dashboard, CareSection.AdherenceId));
        // S1 (3 days) and S2 (2.5 days) ended in the period: 2.75 → 2.8; before: S5, 2 days.
        Assert.Equal((2.8m, 2.0m), Values(dashboard, CareSection.AverageStayId));
        Assert.Equal(40.0m, dashboard.Card(CareSection.AverageStayId)!.ChangePercent);
        Assert.False(dashboard.Card(CareSection.AverageStayId)!.Value.HigherIsBetter);
    }

    [Fact]
    public async Task A_stay_crossing_the_periods_start_counts_only_its_hours_inside_from_local_midnight()
    {
        await using var admin = await _h.AsAsync(Roles.Admin);

        var chart = (await admin.Services.GetRequiredService<AnalyticsService>().BuildAsync(_h.Period)).Chart(CareSection.OccupancyByWardId)!;

        var dogs = _h.WardA.ToString();
        var cats = _h.WardB.ToString();
        Assert.Equal([dogs, cats], chart.Series.Select(s => s.Key)); // the hospital's order; the inactive bed is no capacity
        Assert.Equal(10, chart.Categories.Count);
        // Ward A (2 beds): S1 until noon of day 1 (admitted two days before the period), S2 from 06:00 of day 2 to 18:00 of day 4.
        Assert.Equal(new decimal?[] { 50.0m, 25.0m, 37.5m, 50.0m, 37.5m, 0m, 0m, 0m, 0m, 0m }, chart.Series[0].Values);
        // Ward B (1 bed): S3 from local midnight of day 8 (03:00 UTC), so nothing on day 7.
        Assert.Equal(new decimal?[] { 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 100.0m, 100.0m }, chart.Series[1].Values);
        Assert.Equal(20.0m, chart.Headline);

        var s1 = await admin.Services.GetRequiredService<AnalyticsService>().DrillAsync(_h.Period, new DrillKey(CareSection.OccupancyId));
        Assert.Equal(1.5m, s1.Rows.Single(r => r.Id == _h.S1).Value);
        Assert.Equal(30m, s1.Denominator);
        Assert.DoesNotContain(s1.Rows, r => r.Id == _h.S4); // waiting: no bed held
    }

    [Fact]
    public async Task Adherence_by_ward_and_shift_follows_the_local_day_and_the_shift_of_each_dose()
    {
        await using var admin = await _h.AsAsync(Roles.Admin);
        var dashboard = await admin.Services.GetRequiredService<AnalyticsService>().BuildAsync(_h.Period);

        var byWard = dashboard.Chart(CareSection.AdherenceByWardId)!;
        Assert.Equal(25.0m, byWard.ValueAt(_h.WardA.ToString(), _h.Key(3))); // on time, late, missed, held (cancelled left out)
        Assert.Equal(50.0m, byWard.ValueAt(_h.WardB.ToString(), _h.Key(8))); // 23:30 local is still day 8 (02:30 UTC of day 9)
        Assert.Equal(100.0m, byWard.ValueAt(_h.WardB.ToString(), _h.Key(9)));
        Assert.Null(byWard.ValueAt(_h.WardA.ToString(), _h.Key(4))); // nothing due: a gap, not 0 %

        var byShift = dashboard.Chart(CareSection.AdherenceByShiftId)!;
        Assert.Equal(["07:00–13:00", "13:00–19:00", "19:00–07:00"], byShift.Series.Select(s => s.Label));
        Assert.Equal(50.0m, byShift.ValueAt("0", _h.Key(3)));
        Assert.Equal(100.0m, byShift.ValueAt("0", _h.Key(8))); // given 30 minutes late: the tolerance's edge is on time
        Assert.Equal(0.0m, byShift.ValueAt("1", _h.Key(3)));
        Assert.Equal(0.0m, byShift.ValueAt("2", _h.Key(8)));
        Assert.Equal(100.0m, byShift.ValueAt("2", _h.Key(9))); // 02:00 belongs to the 19:00 shift

        var length = dashboard.Chart(CareSection.LengthOfStayId)!;
        Assert.Equal([_h.WardA.ToString()], length.Categories.Select(c => c.Key));
        Assert.Equal(2.8m, length.ValueAt(CareSection.AverageSeriesKey, _h.WardA.ToString()));
    }

    [Fact]
    public async Task Every_card_and_every_chart_point_opens_rows_whose_total_is_the_figure()
    {
        await using var admin = await _h.AsAsync(Roles.Admin);
        var analytics = admin.Services.GetRequiredService<AnalyticsService>();
        var dashboard = await analytics.BuildAsync(_h.Period);
        var cards = dashboard.Cards.Where(c => c.Id is CareSection.InHospitalId or CareSection.OccupancyId or CareSection.AdherenceId or CareSection.AverageStayId).ToList();
        var charts = dashboard.Charts.Select(c => c.Chart)
            .Where(c => c.Id is CareSection.OccupancyByWardId or CareSection.LengthOfStayId or CareSection.AdherenceByWardId or CareSection.AdherenceByShiftId).ToList();
        Assert.Equal(4, cards.Count);
        Assert.Equal(4, charts.Count);

        var points = 0;
        foreach (var card in cards)
        {
            var list = await analytics.DrillAsync(_h.Period, new DrillKey(card.Id));
            Assert.True(card.Current == list.Total, $"{card.Id}: {card.Current} vs {list.Total}");
            Assert.All(list.Rows, r => Assert.Contains(r.Id, _h.Ids));
            Assert.All(list.Rows, r => Assert.Equal($"hospitalizations/{(r.Kind == DrillRecord.Stay ? r.Id : _h.StayOfDose[r.Id])}", r.Href));
        }

        foreach (var chart in charts)
        {
            foreach (var series in chart.Series)
            {
                for (var i = 0; i < chart.Categories.Count; i++)
                {
                    // Every point with a value, zeros too (an empty day of a ward opens no rows and totals 0 %).
                    if (series.Values[i] is not { } value)
                    {
                        continue;
                    }

                    var list = await analytics.DrillAsync(_h.Period, new DrillKey(chart.Id, series.Key, chart.Categories[i].Key));
                    Assert.True(value == list.Total, $"{chart.Id}/{series.Key}/{chart.Categories[i].Key}: {value} vs {list.Total}");
                    Assert.All(list.Rows, r => Assert.Contains(r.Id, _h.Ids));
                    points++;
                }
            }
        }

        Assert.Equal((2 * 10) + 1 + 3 + 6, points); // occupancy of 2 wards × 10 days, length 1, adherence by ward 3, by shift 6

        var doses = await analytics.DrillAsync(_h.Period, new DrillKey(CareSection.AdherenceId));
        Assert.Equal((7, 3m), (doses.Rows.Count, doses.Rows.Sum(r => r.Value)));
        Assert.DoesNotContain(doses.Rows, r => r.Id == _h.CancelledDose);
        Assert.All(doses.Rows, r => Assert.Equal(DrillRecord.Dose, r.Kind));
        Assert.Contains(doses.Rows, r => r.Title == _h.PetName && r.Detail!.Contains("Dipirona", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_that_names_no_point_of_the_period_is_not_found()
    {
        await using var admin = await _h.AsAsync(Roles.Admin);
        var analytics = admin.Services.GetRequiredService<AnalyticsService>();

        foreach (var key in new[]
                 {
                     new DrillKey(CareSection.OccupancyByWardId, _h.WardA.ToString(), "1999-01-01"),
                     new DrillKey(CareSection.OccupancyByWardId, Guid.NewGuid().ToString(), _h.Key(0)),
                     new DrillKey(CareSection.AdherenceByShiftId, "9", _h.Key(3)),
                     new DrillKey(CareSection.LengthOfStayId, CareSection.AverageSeriesKey, _h.WardB.ToString()),
                 })
        {
            var error = await Assert.ThrowsAsync<DomainRuleException>(() => analytics.DrillAsync(_h.Period, key));
            Assert.Equal("Common.Error.NotFound", error.Message);
        }
    }

    [Fact]
    public async Task A_vet_does_not_get_the_section_and_a_receptionist_is_refused()
    {
        await using var vet = await _h.AsAsync(Roles.Veterinarian);
        await using var desk = await _h.AsAsync(Roles.Receptionist);

        var own = await vet.Services.GetRequiredService<AnalyticsService>().BuildAsync(_h.Period);
        Assert.Null(own.Card(CareSection.InHospitalId));
        Assert.Null(own.Chart(CareSection.OccupancyByWardId));
        var hidden = await Assert.ThrowsAsync<DomainRuleException>(() => vet.Services.GetRequiredService<AnalyticsService>().DrillAsync(_h.Period, new DrillKey(CareSection.InHospitalId)));
        Assert.Equal("Common.Error.NotFound", hidden.Message);

        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Services.GetRequiredService<AnalyticsService>().BuildAsync(_h.Period));
        Assert.Equal("Common.Error.NotAllowed", refused.Message);
    }

    [Fact]
    public async Task Another_hospitals_stays_and_doses_never_appear()
    {
        // The other hospital has a stay and a dose on the same days, in a ward of its own.
        await using var admin = await _h.AsAsync(Roles.Admin);
        var analytics = admin.Services.GetRequiredService<AnalyticsService>();

        var dashboard = await analytics.BuildAsync(_h.Period);
        var stays = await analytics.DrillAsync(_h.Period, new DrillKey(CareSection.InHospitalId));
        var doses = await analytics.DrillAsync(_h.Period, new DrillKey(CareSection.AdherenceId));

        Assert.Equal(2m, dashboard.Card(CareSection.InHospitalId)!.Current);
        Assert.DoesNotContain(stays.Rows, r => r.Id == _h.OtherStay);
        Assert.DoesNotContain(doses.Rows, r => r.Id == _h.OtherDose);
        Assert.Equal([_h.WardA.ToString(), _h.WardB.ToString()], dashboard.Chart(CareSection.OccupancyByWardId)!.Series.Select(s => s.Key));
    }

    [Fact]
    public async Task A_new_hospital_has_no_figures_only_gaps()
    {
        await using var admin = await _h.AsOtherAsync(Roles.Admin);

        var dashboard = await admin.Services.GetRequiredService<AnalyticsService>().BuildAsync(new AnalyticsPeriod(_h.Day(-400), _h.Day(-390)));

        Assert.Equal(0m, dashboard.Card(CareSection.InHospitalId)!.Current);
        Assert.Null(dashboard.Card(CareSection.AdherenceId)!.Current); // nothing due: no rate, never NaN
        Assert.Null(dashboard.Card(CareSection.AverageStayId)!.Current);
        Assert.Equal(0m, dashboard.Card(CareSection.OccupancyId)!.Current); // the other hospital's bed was there, empty
        Assert.All(dashboard.Charts, c => Assert.False(c.Chart.HasData));
    }

    private static (decimal Current, decimal Previous) Values(AnalyticsDashboard dashboard, string id)
    {
        var card = dashboard.Card(id) ?? throw new InvalidOperationException($"no card {id}");
        return (card.Current ?? throw new InvalidOperationException($"{id}: no value"), card.Previous ?? throw new InvalidOperationException($"{id}: no previous value"));
    }

    /// <summary>One app, and the hand-built hospitals, for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly ClinicAppFactory _app = new();

        public CareHospital Hospital { get; private set; } = null!;

        public async Task InitializeAsync() => Hospital = await CareHospital.SeedAsync(_app);

        public async Task DisposeAsync() => await _app.DisposeAsync();
    }
}

/// <summary>A new hospital in America/Sao_Paulo (UTC−3) with two wards (A: beds A1, A2; B: bed B1 and a closed
/// bed B2) and stays around the period of local days 0–9 (forty days ago) and the previous one (−10 to −1):
/// S1 in A1 from day −2 12:00 to day 1 12:00; S2 in A2 from day 2 06:00 to day 4 18:00; S3 in B1 from day 8
/// 00:00, open; S4 waiting without a bed from day 5 10:00, open; S5 in B1 from day −5 to day −3. Doses (tolerance
/// 30 min; shifts 07, 13, 19): S2 on day 3 at 08:00 given 08:10 (on time), 10:00 held, 14:00 given 14:45 (late),
/// 20:00 missed, 22:00 cancelled; S3 on day 8 at 09:00 given 09:30 (on time), 23:30 never recorded, on day 9 at
/// 02:00 given 02:05 (on time); S1 on day −1 at 08:00 given 08:00 (the previous period). A second new hospital has
/// a stay and a dose on the same days.</summary>
public sealed class CareHospital
{
    private readonly ClinicAppFactory _app;

    private CareHospital(ClinicAppFactory app, string slug, string otherSlug, DateOnly start)
    {
        _app = app;
        Slug = slug;
        OtherSlug = otherSlug;
        Start = start;
        Period = new AnalyticsPeriod(start, start.AddDays(9));
    }

    public string Slug { get; }

    public string OtherSlug { get; }

    public DateOnly Start { get; }

    public AnalyticsPeriod Period { get; }

    public string PetName { get; private set; } = "";

    public Guid WardA { get; private set; }

    public Guid WardB { get; private set; }

    public Guid S1 { get; private set; }

    public Guid S4 { get; private set; }

    public Guid CancelledDose { get; private set; }

    public Guid OtherStay { get; private set; }

    public Guid OtherDose { get; private set; }

    /// <summary>Every stay and dose of the hospital.</summary>
    public HashSet<Guid> Ids { get; } = [];

    public Dictionary<Guid, Guid> StayOfDose { get; } = [];

    public DateOnly Day(int offset) => Start.AddDays(offset);

    public string Key(int offset) => Day(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public Task<Desk> AsAsync(string role) => Desk.AsAsync(_app, Slug, role);

    public Task<Desk> AsOtherAsync(string role) => Desk.AsAsync(_app, OtherSlug, role);

    public static async Task<CareHospital> SeedAsync(ClinicAppFactory app)
    {
        var provisioning = app.Services.GetRequiredService<HospitalProvisioning>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var slug = $"care-{suffix}";
        var otherSlug = $"care-other-{suffix}";
        await provisioning.AddAsync(slug, "Hospital Cuidado", $"admin@{slug}.vet", adminPassword: ClinicAppFactory.Password);
        await provisioning.AddAsync(otherSlug, "Outro Hospital", $"admin@{otherSlug}.vet", adminPassword: ClinicAppFactory.Password);

        await using var desk = await Desk.AsAsync(app, slug, Roles.Admin);
        var hospital = new CareHospital(app, slug, otherSlug, desk.Time.Today.AddDays(-40));
        await hospital.SeedOwnAsync(desk);
        await using var other = await Desk.AsAsync(app, otherSlug, Roles.Admin);
        await hospital.SeedOtherAsync(other);
        return hospital;
    }

    private DateTime At(Desk desk, int day, int hour, int minute = 0) =>
        HospitalTime.ToUtc(Day(day).ToDateTime(new TimeOnly(hour, minute)), desk.Time.Zone);

    private async Task SeedOwnAsync(Desk desk)
    {
        var vet = await desk.NewVetAsync();
        var tutor = await desk.NewTutorAsync();
        PetName = $"Paciente {Guid.NewGuid():N}"[..16];
        var pets = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            pets.Add(await desk.NewPetAsync(tutor, i == 1 ? PetName : null)); // S2's pet, whose doses are in the period
        }

        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var a = new Ward { Name = "Cães", Order = 0 };
        var b = new Ward { Name = "Gatos", Order = 1 };
        var a1 = new Bed { WardId = a.Id, Name = "A1", Order = 1 };
        var a2 = new Bed { WardId = a.Id, Name = "A2", Order = 2 };
        var b1 = new Bed { WardId = b.Id, Name = "B1", Order = 1 };
        var b2 = new Bed { WardId = b.Id, Name = "B2", Order = 2, IsActive = false };
        db.Wards.AddRange(a, b);
        db.Beds.AddRange(a1, a2, b1, b2);
        (WardA, WardB) = (a.Id, b.Id);

        Hospitalization Stay(Guid pet, Guid? bed, DateTime admitted, DateTime? ended)
        {
            var stay = new Hospitalization { PetId = pet, TutorId = tutor, AdmittingVetId = vet, ResponsibleVetId = vet, Reason = "Gastroenterite" };
            stay.Admit(bed, admitted);
            if (ended is { } end)
            {
                stay.End(HospitalizationStatus.Discharged, "Alta com melhora.", end);
            }

            db.Hospitalizations.Add(stay);
            Ids.Add(stay.Id);
            return stay;
        }

        var s1 = Stay(pets[0], a1.Id, At(desk, -2, 12), At(desk, 1, 12));
        var s2 = Stay(pets[1], a2.Id, At(desk, 2, 6), At(desk, 4, 18));
        var s3 = Stay(pets[2], b1.Id, At(desk, 8, 0), null);
        var s4 = Stay(pets[3], null, At(desk, 5, 10), null);
        Stay(pets[4], b1.Id, At(desk, -5, 0), At(desk, -3, 0));
        (S1, S4) = (s1.Id, s4.Id);

        var items = new Dictionary<Guid, PrescriptionItem>();
        PrescriptionItem ItemOf(Hospitalization stay)
        {
            if (!items.TryGetValue(stay.Id, out var item))
            {
                var prescription = new Prescription
                {
                    PetId = stay.PetId, TutorId = tutor, VeterinarianId = vet, HospitalizationId = stay.Id, Kind = PrescriptionKind.Hospital, IssuedAt = stay.AdmittedAt,
                };
                item = new PrescriptionItem
                {
                    PrescriptionId = prescription.Id, MedicationName = "Dipirona", DoseMode = DoseMode.Fixed, DoseMg = 100m, Route = DoseRoute.IV,
                    EveryHours = 8, DurationDays = 3, FirstDoseAt = stay.AdmittedAt,
                };
                prescription.Items.Add(item);
                db.Prescriptions.Add(prescription);
                items[stay.Id] = item;
            }

            return item;
        }

        MedicationAdministration Dose(Hospitalization stay, int day, int hour, int minute, Action<MedicationAdministration> outcome)
        {
            var dose = new MedicationAdministration(ItemOf(stay).Id, stay.Id, stay.PetId, At(desk, day, hour, minute));
            outcome(dose);
            db.MedicationAdministrations.Add(dose);
            Ids.Add(dose.Id);
            StayOfDose[dose.Id] = stay.Id;
            return dose;
        }

        Action<MedicationAdministration> GivenAt(int day, int hour, int minute) => d => d.Give(100m, At(desk, day, hour, minute), null, "Enfermeira");
        Action<MedicationAdministration> Not(AdministrationStatus status, int day, int hour) =>
            d => d.MarkNotGiven(status, NotGivenReason.Other, "Sem acesso", At(desk, day, hour, 40), null, "Enfermeira");

        Dose(s2, 3, 8, 0, GivenAt(3, 8, 10));
        Dose(s2, 3, 10, 0, Not(AdministrationStatus.Held, 3, 10));
        Dose(s2, 3, 14, 0, GivenAt(3, 14, 45));
        Dose(s2, 3, 20, 0, Not(AdministrationStatus.Missed, 3, 20));
        CancelledDose = Dose(s2, 3, 22, 0, d => d.Cancel()).Id;
        Dose(s3, 8, 9, 0, GivenAt(8, 9, 30));
        Dose(s3, 8, 23, 30, _ => { });
        Dose(s3, 9, 2, 0, GivenAt(9, 2, 5));
        Dose(s1, -1, 8, 0, GivenAt(-1, 8, 0));
        await db.SaveChangesAsync();
    }

    private async Task SeedOtherAsync(Desk desk)
    {
        var vet = await desk.NewVetAsync();
        var pet = await desk.NewPetAsync();
        var bed = await desk.NewBedAsync(wardName: "Outra ala");
        OtherStay = await desk.NewStayAsync(pet, vet, bed, admittedUtc: At(desk, 1, 8));
        var item = await desk.NewHospitalItemAsync(OtherStay, At(desk, 3, 8), everyHours: 24, days: 1);
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var dose = await db.MedicationAdministrations.Where(d => d.PrescriptionItemId == item).OrderBy(d => d.DueAt).FirstAsync();
        dose.Give(100m, dose.DueAt, null, "Enfermeira");
        OtherDose = dose.Id;
        await db.SaveChangesAsync();
    }
}
