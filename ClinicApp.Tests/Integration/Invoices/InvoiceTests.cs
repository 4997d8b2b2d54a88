using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Invoices;

[Collection(AppCollection.Name)]
public sealed class InvoiceTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task Totals_follow_items_discount_and_payments_and_the_status_follows_the_balance()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        var pet = await desk.NewPetAsync();
        var tutor = (await desk.Pets.GetAsync(pet))!.Tutor.Id;
        var id = await invoices.CreateAsync(tutor, pet);

        await invoices.AddItemAsync(id, "Consulta", ChargeKind.Consultation, 1, 180.00m);
        await invoices.AddItemAsync(id, "Dipirona 500 mg", ChargeKind.Medication, 2.5m, 3.33m);
        await invoices.SetDiscountAsync(id, 10.00m);
        var open = (await invoices.GetAsync(id))!.Invoice;
        Assert.Equal((188.33m, 10.00m, 178.33m, InvoiceStatus.Open), (open.Subtotal, open.Discount, open.Total, open.Status));
        Assert.Equal(8.33m, open.Items.Single(i => i.Kind == ChargeKind.Medication).Total); // 2.5 × 3.33 = 8.325 → 8.33

        Assert.Equal((1, 178.33m), await invoices.OpenBalanceAsync(tutor));
        await invoices.RegisterPaymentAsync(id, PaymentMethod.Cash, 100.00m, null);
        var partial = (await invoices.GetAsync(id))!.Invoice;
        Assert.Equal((InvoiceStatus.PartiallyPaid, 78.33m), (partial.Status, partial.Balance));

        var over = await Assert.ThrowsAsync<DomainRuleException>(() => invoices.RegisterPaymentAsync(id, PaymentMethod.Card, 78.34m, "AUT123"));
        Assert.Equal("Invoices.Error.Overpayment", over.Message);
        Assert.Equal(78.33m, over.Arguments[0]);
        Assert.Equal("Invoices.Error.PixReference", (await Assert.ThrowsAsync<DomainRuleException>(() => invoices.RegisterPaymentAsync(id, PaymentMethod.Pix, 10m, " "))).Message);
        Assert.Equal("Invoices.Error.Method", (await Assert.ThrowsAsync<DomainRuleException>(() => invoices.RegisterPaymentAsync(id, PaymentMethod.Online, 10m, "x"))).Message);

        await invoices.RegisterPaymentAsync(id, PaymentMethod.Pix, 78.33m, "E2E0001");
        var paid = (await invoices.GetAsync(id))!.Invoice;
        Assert.Equal((InvoiceStatus.Paid, 0m, 2), (paid.Status, paid.Balance, paid.Payments.Count));
        Assert.Equal("Invoices.Error.Paid", (await Assert.ThrowsAsync<DomainRuleException>(() => invoices.AddItemAsync(id, "Extra", ChargeKind.Product, 1, 1m))).Message);
        Assert.Equal((0, 0m), await invoices.OpenBalanceAsync(tutor));
        Assert.True(await AuditedAsync(desk, paid.Payments[0].Id));
    }

    [Fact]
    public async Task Two_payments_at_the_same_moment_cannot_together_pay_more_than_the_balance()
    {
        await using var one = await AsAsync(_app, "aurora");
        await using var two = await AsAsync(_app, "aurora");
        var pet = await one.NewPetAsync();
        var invoices = one.Services.GetRequiredService<InvoiceService>();
        var id = await invoices.CreateAsync((await one.Pets.GetAsync(pet))!.Tutor.Id, pet);
        await invoices.AddItemAsync(id, "Cirurgia", ChargeKind.Service, 1, 1000m);

        var results = await Task.WhenAll(
            Refusals.CaptureAsync(invoices.RegisterPaymentAsync(id, PaymentMethod.Cash, 700m, null)),
            Refusals.CaptureAsync(two.Services.GetRequiredService<InvoiceService>().RegisterPaymentAsync(id, PaymentMethod.Card, 700m, "AUT9")));

        Assert.Single(results, r => r is null);
        Assert.Equal("Invoices.Error.Overpayment", results.Single(r => r is not null)!.Message);
        var invoice = (await invoices.GetAsync(id))!.Invoice;
        Assert.Equal((700m, 300m), (invoice.Paid, invoice.Balance));
    }

    [Fact]
    public async Task Invoices_are_numbered_without_gaps_or_twins_when_desks_open_them_at_once()
    {
        var desks = new List<Desk>();
        for (var i = 0; i < 6; i++)
        {
            desks.Add(await AsAsync(_app, "aurora"));
        }

        var tutor = await desks[0].NewTutorAsync();
        var ids = await Task.WhenAll(desks.Select(d => d.Services.GetRequiredService<InvoiceService>().CreateAsync(tutor, null)));

        var numbers = new List<int>();
        foreach (var id in ids)
        {
            numbers.Add((await desks[0].Services.GetRequiredService<InvoiceService>().GetAsync(id))!.Invoice.Number);
        }

        Assert.Equal(6, numbers.Distinct().Count());
        foreach (var desk in desks)
        {
            await desk.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_completed_appointment_posts_its_charge_once_and_without_a_price_it_waits_for_review()
    {
        await using var desk = await AsAsync(_app, "aurora");
        await using var vet = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var charges = desk.Services.GetRequiredService<CareCharges>();
        var vetId = await desk.NewVetAsync();
        var pet = await desk.NewPetAsync();
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            // The demo price list charges consultations; exams have no price in this test's eyes.
            Assert.True(await db.PriceItems.AnyAsync(p => p.ChargesAppointment == AppointmentType.Consultation));
        }

        var consult = await BookNowAsync(desk, pet, vetId, AppointmentType.Consultation);
        await vet.Agenda.ChangeStatusAsync(consult, AppointmentStatus.CheckedIn);
        await vet.Agenda.ChangeStatusAsync(consult, AppointmentStatus.InProgress);
        await Task.WhenAll(vet.Agenda.ChangeStatusAsync(consult, AppointmentStatus.Completed), charges.ChargeAppointmentAsync(consult));
        await charges.ChargeAppointmentAsync(consult);

        await using var check = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var lines = await check.InvoiceItems.Where(i => i.SourceKey == CareCharges.AppointmentKey(consult)).ToListAsync();
        Assert.Single(lines);
        var invoice = await check.Invoices.SingleAsync(i => i.Id == lines[0].InvoiceId);
        Assert.Equal(CareCharges.AppointmentKey(consult), invoice.VisitKey);
        Assert.DoesNotContain(await charges.UnbilledAsync(desk.Time.UtcNow.AddDays(-1)), u => u.SourceKey == CareCharges.AppointmentKey(consult));
    }

    [Fact]
    public async Task Only_an_admin_keeps_the_price_list_and_one_line_charges_each_appointment_type()
    {
        await using var desk = await AsAsync(_app, "boavista");
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        var name = $"Banho e tosa {Guid.NewGuid():N}"[..20];

        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() =>
            invoices.SavePriceAsync(null, name, ChargeKind.Service, 80m, true, null))).Message);
        await desk.AsAdminAsync(() => invoices.SavePriceAsync(null, name, ChargeKind.Service, 80m, true, null));
        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.AsAdminAsync(() =>
            invoices.SavePriceAsync(null, name + " 2", ChargeKind.Service, 80m, true, AppointmentType.Consultation)));
        Assert.Equal("Prices.Error.TypeTaken", refusal.Message);
        Assert.Equal("Invoices.Error.Price", (await Assert.ThrowsAsync<DomainRuleException>(() => desk.AsAdminAsync(() =>
            invoices.SavePriceAsync(null, name + " 3", ChargeKind.Service, 1.005m, true, null)))).Message);

        Assert.Contains(await invoices.PriceListAsync(), p => p.Name == name && p.Price == 80m);
    }

    private static async Task<Guid> BookNowAsync(Desk desk, Guid pet, Guid vet, AppointmentType type)
    {
        // Booked a little ahead inside opening hours, then its clock does not matter for the workflow.
        var slot = desk.FutureSlot(weeksAhead: 12, hour: 9 + Random.Shared.Next(0, 8), minute: 5 * Random.Shared.Next(0, 11));
        var booking = Booking(pet, vet, slot);
        booking.Type = type;
        return await desk.Agenda.BookAsync(booking);
    }

    private static async Task<bool> AuditedAsync(Desk desk, Guid paymentId)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.AuditEntries.AnyAsync(a => a.EntityType == nameof(Payment) && a.EntityId == paymentId.ToString());
    }
}
