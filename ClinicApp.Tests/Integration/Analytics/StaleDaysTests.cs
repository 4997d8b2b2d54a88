using ClinicApp.Data.Analytics;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Ram;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Analytics;

/// <summary>Every save that changes what a stored analytics day was made of marks that day, in the hospital's
/// local days, in the same save (<see cref="Data.Interceptors.AnalyticsStaleDaysInterceptor"/>): through the
/// services people use and straight through the context alike.</summary>
[Collection(AppCollection.Name)]
public sealed class StaleDaysTests(AppFixture fixture)
{
    [Fact]
    public async Task An_item_added_to_an_invoice_marks_the_local_day_the_invoice_was_issued()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin);
        var since = DateTime.UtcNow;
        Guid invoiceId;
        DateTime issued;
        await using (var db = await Db(desk))
        {
            var invoice = await db.Invoices.OrderBy(i => i.IssuedAt).FirstAsync();
            (invoiceId, issued) = (invoice.Id, invoice.IssuedAt);
        }

        // The invoice is not part of the save: its day is looked up.
        await using (var db = await Db(desk))
        {
            db.InvoiceItems.Add(new InvoiceItem { InvoiceId = invoiceId, Description = "Curativo", Kind = ChargeKind.Service, Quantity = 1, UnitPrice = 10, Total = 10 });
            await db.SaveChangesAsync();
        }

        var day = LocalDay(desk, issued);
        var marks = await MarksSinceAsync(desk, since);
        Assert.Contains((AnalyticsDayKind.Revenue, day), marks);
        Assert.Contains((AnalyticsDayKind.Agenda, day), marks);
        Assert.DoesNotContain(marks, m => m.Kind == AnalyticsDayKind.Care);
    }

    [Fact]
    public async Task Charging_a_visit_marks_the_day_of_the_visit_whose_revenue_at_risk_it_clears()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin);
        Guid invoiceId;
        (Guid Id, DateTime Start) visit;
        await using (var db = await Db(desk))
        {
            var invoice = await db.Invoices.OrderByDescending(i => i.IssuedAt).FirstAsync();
            invoiceId = invoice.Id;
            visit = await db.Appointments.Where(a => a.Start < invoice.IssuedAt.AddDays(-3)).OrderBy(a => a.Start).Select(a => ValueTuple.Create(a.Id, a.Start)).FirstAsync();
        }

        var since = DateTime.UtcNow;
        await using (var db = await Db(desk))
        {
            db.InvoiceItems.Add(new InvoiceItem
            {
                InvoiceId = invoiceId, Description = "Consulta", Kind = ChargeKind.Consultation, Quantity = 1, UnitPrice = 150, Total = 150,
                SourceKey = $"appointment:{visit.Id}",
            });
            await db.SaveChangesAsync();
        }

        Assert.Contains((AnalyticsDayKind.Risk, LocalDay(desk, visit.Start)), await MarksSinceAsync(desk, since));
    }

    [Fact]
    public async Task A_payment_late_in_the_evening_marks_the_hospitals_day_not_the_utc_one()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin);
        var since = DateTime.UtcNow;
        var evening = desk.Time.ToUtc(desk.Time.Today.AddDays(-20).ToDateTime(new TimeOnly(23, 30)));
        await using (var db = await Db(desk))
        {
            var invoice = await db.Invoices.FirstAsync();
            db.Payments.Add(new Payment { InvoiceId = invoice.Id, Method = PaymentMethod.Pix, Amount = 1m, PaidAt = evening });
            await db.SaveChangesAsync();
        }

        var revenue = (await MarksSinceAsync(desk, since)).Where(m => m.Kind == AnalyticsDayKind.Revenue).Select(m => m.Day).ToList();
        Assert.Equal([desk.Time.Today.AddDays(-20)], revenue);
        Assert.Equal(desk.Time.Today.AddDays(-19), DateOnly.FromDateTime(evening));
    }

    [Fact]
    public async Task A_rescheduled_appointment_marks_the_day_it_left_and_the_day_it_went_to()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Receptionist);
        var vet = await desk.NewVetAsync();
        var pet = await desk.NewPetAsync();
        var slot = desk.FutureSlot(weeksAhead: 5, hour: 9);
        var id = await desk.Agenda.BookAsync(Desk.Booking(pet, vet, slot));
        var since = DateTime.UtcNow;

        var moved = slot.AddDays(2);
        await desk.Agenda.RescheduleAsync(id, (await desk.Agenda.GetAsync(id))!.Version, moved, 30, vet, null);

        // The agenda's days, and revenue at risk's (a completed visit not charged is at risk on its day); never care's.
        var marks = await MarksSinceAsync(desk, since);
        foreach (var kind in new[] { AnalyticsDayKind.Agenda, AnalyticsDayKind.Risk })
        {
            Assert.Contains((kind, DateOnly.FromDateTime(slot)), marks);
            Assert.Contains((kind, DateOnly.FromDateTime(moved)), marks);
        }

        Assert.DoesNotContain(marks, m => m.Kind == AnalyticsDayKind.Care);
    }

    [Fact]
    public async Task A_vaccine_marks_the_day_it_was_given_and_the_day_the_next_dose_is_due_and_so_does_its_removal()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin);
        var pet = await desk.NewPetAsync();
        var (given, next) = (desk.Time.Today.AddDays(-40), desk.Time.Today.AddDays(325));
        var since = DateTime.UtcNow;
        Guid id;
        await using (var db = await Db(desk))
        {
            id = db.Vaccinations.Add(new Vaccination { PetId = pet, Vaccine = "V10", AppliedOn = given, NextDueOn = next }).Entity.Id;
            await db.SaveChangesAsync();
        }

        Assert.Equal([given, next], (await MarksSinceAsync(desk, since)).Where(m => m.Kind == AnalyticsDayKind.Agenda).Select(m => m.Day).Order());

        since = DateTime.UtcNow;
        await using (var db = await Db(desk))
        {
            db.Vaccinations.Remove(await db.Vaccinations.SingleAsync(v => v.Id == id));
            await db.SaveChangesAsync();
        }

        Assert.Equal([given, next], (await MarksSinceAsync(desk, since)).Where(m => m.Kind == AnalyticsDayKind.Agenda).Select(m => m.Day).Order());
    }

    [Fact]
    public async Task A_dose_given_marks_its_due_day_and_a_stay_moved_to_another_bed_marks_all_its_days()
    {
        await using var nurse = await Desk.AsAsync(fixture.App, "aurora", Roles.Nurse);
        // Its own patient, two days in hospital, a dose due two hours ago (as the RAM's tests make them).
        await using var setup = await Desk.AsAsync(fixture.App, "aurora");
        var admitted = setup.Time.UtcNow.AddDays(-2);
        var stay = await setup.NewStayAsync(await setup.NewPetAsync(), await setup.NewVetAsync(), await setup.NewBedAsync(), admittedUtc: admitted);
        var now = setup.Time.UtcNow;
        var first = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc).AddHours(-2);
        var item = await setup.NewHospitalItemAsync(stay, first, everyHours: 6, days: 1);
        (Guid Id, DateTime DueAt) dose;
        await using (var db = await Db(nurse))
        {
            dose = await db.MedicationAdministrations.Where(a => a.PrescriptionItemId == item).OrderBy(a => a.DueAt)
                .Select(a => ValueTuple.Create(a.Id, a.DueAt)).FirstAsync();
        }

        var since = DateTime.UtcNow;
        Assert.True((await nurse.Services.GetRequiredService<AdministrationService>().RecordGivenAsync(dose.Id)).Recorded);
        var given = await MarksSinceAsync(nurse, since);
        Assert.Contains((AnalyticsDayKind.Care, LocalDay(nurse, dose.DueAt)), given);
        Assert.Contains((AnalyticsDayKind.Risk, nurse.Time.Today), given);

        since = DateTime.UtcNow;
        await using (var db = await Db(nurse))
        {
            (await db.Hospitalizations.SingleAsync(h => h.Id == stay)).BedId = null;
            await db.SaveChangesAsync();
        }

        var care = (await MarksSinceAsync(nurse, since)).Where(m => m.Kind == AnalyticsDayKind.Care).Select(m => m.Day).ToHashSet();
        for (var day = LocalDay(nurse, admitted); day <= nurse.Time.Today; day = day.AddDays(1))
        {
            Assert.Contains(day, care);
        }
    }

    private static DateOnly LocalDay(Desk desk, DateTime utc) => DateOnly.FromDateTime(desk.Time.ToLocal(utc));

    private static Task<Data.ClinicDbContext> Db(Desk desk) => desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();

    /// <summary>The marks written since an instant (other tests of the shared app write theirs too; each test's
    /// changes are its own days or are checked with Contains).</summary>
    private static async Task<List<(string Kind, DateOnly Day)>> MarksSinceAsync(Desk desk, DateTime since)
    {
        await using var db = await Db(desk);
        return (await db.AnalyticsStaleDays.AsNoTracking().Where(m => m.MarkedAt >= since).Select(m => new { m.Kind, m.Day }).ToListAsync())
            .Select(m => (m.Kind, m.Day)).Distinct().ToList();
    }
}
