using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Analytics;
using ClinicApp.Features.Invoices;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Analytics;

/// <summary>A new hospital (America/Sao_Paulo) with a hand-built March 2025 and the period before it (29 Jan – 28 Feb),
/// whose revenue figures are worked out by hand in the comments; and one invoice of Aurora in the same March, which
/// must never show. One app for the test class.</summary>
public sealed class RevenueHospital : IAsyncLifetime
{
    public static readonly AnalyticsPeriod March = new(new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 31));

    public ClinicAppFactory App { get; } = new();

    public string Slug { get; } = $"receita-{Guid.NewGuid():N}"[..20];

    /// <summary>The invoices by the letter the comments name them with.</summary>
    public Dictionary<char, Guid> Invoices { get; } = [];

    public Guid AuroraInvoice { get; private set; }

    public Guid UnbilledAppointment { get; private set; }

    public Guid UnpricedAppointment { get; private set; }

    public async Task InitializeAsync()
    {
        await App.Services.GetRequiredService<HospitalProvisioning>().AddAsync(Slug, "Hospital da Receita", $"admin@{Slug}.vet", adminPassword: ClinicAppFactory.Password);
        await using var desk = await Desk.AsAsync(App, Slug, Roles.Admin);
        var zone = desk.Hospital.TimeZone;
        DateTime At(int month, int day, int hour, int minute = 0, int year = 2025) => HospitalTime.ToUtc(new DateTime(year, month, day, hour, minute, 0), zone);

        var tutor = await desk.NewTutorAsync("Marina Souza");
        var pet = await desk.NewPetAsync(tutor, "Paçoca");
        var vet = await desk.NewVetAsync();
        var consultation = new PriceItem { Name = "Consulta", Kind = ChargeKind.Consultation, Price = 150m, ChargesAppointment = AppointmentType.Consultation };
        var bloodCount = new PriceItem { Name = "Hemograma", Kind = ChargeKind.Exam, Price = 80m };

        // Completed appointments: X1 unbilled and priced (150), X2 unbilled with no price (0), X3 billed on C,
        // X4 unbilled in the previous period (150), X5 unbilled after March.
        var appointments = new List<Appointment>();
        Appointment Completed(DateTime startUtc, AppointmentType type)
        {
            var appointment = new Appointment { PetId = pet, TutorId = tutor, VeterinarianId = vet, Type = type };
            appointment.SetTime(startUtc, 30);
            appointment.Open(startUtc.AddDays(-2));
            foreach (var status in new[] { AppointmentStatus.CheckedIn, AppointmentStatus.InProgress, AppointmentStatus.Completed })
            {
                appointment.ChangeStatus(status, startUtc);
            }

            appointment.SyncSlots();
            appointments.Add(appointment);
            return appointment;
        }

        UnbilledAppointment = Completed(At(3, 18, 10), AppointmentType.Consultation).Id;
        UnpricedAppointment = Completed(At(3, 19, 10), AppointmentType.Vaccination).Id;
        var billed = Completed(At(3, 9, 10), AppointmentType.Consultation);
        Completed(At(2, 20, 10), AppointmentType.Consultation);
        Completed(At(4, 2, 10), AppointmentType.Consultation);

        var number = 1000;
        var invoices = new List<Invoice>();
        Invoice New(char letter, DateTime issuedUtc)
        {
            var invoice = new Invoice { Number = ++number, TutorId = tutor, PetId = pet, IssuedAt = issuedUtc };
            invoices.Add(invoice);
            Invoices[letter] = invoice.Id;
            return invoice;
        }

        // A: 150 + 80 = 230, paid 100 in cash and 130 by Pix in March: once in revenue, split in methods.
        var a = New('A', At(3, 3, 10));
        a.AddItem("Consulta", ChargeKind.Consultation, 1, 150m, consultation.Id);
        a.AddItem("Hemograma", ChargeKind.Exam, 1, 80m, bloodCount.Id);
        a.Pay(PaymentMethod.Cash, 100m, At(3, 3, 10, 30), null, null);
        a.Pay(PaymentMethod.Pix, 130m, At(3, 5, 9), null, null);

        // B: cancelled, never counts.
        var b = New('B', At(3, 4, 11));
        b.AddItem("Cirurgia", ChargeKind.Service, 1, 500m);
        b.Cancel("Lançada em duplicidade", At(3, 4, 12));

        // C: 100 + 50 + 50 = 200 less 10.01 = 189.99; its parts in the order added: 94.995 → 95.00, 47.4975 → 47.50,
        // and the rest 47.49. Paid 50 by card; 139.99 open, 21 days old at the end of March.
        var c = New('C', At(3, 10, 14));
        c.AddItem("Consulta", ChargeKind.Consultation, 1, 100m, consultation.Id, CareCharges.AppointmentKey(billed.Id));
        c.AddItem("Amoxicilina 250 mg", ChargeKind.Medication, 1, 50m);
        c.AddItem("Banho", ChargeKind.Service, 1, 50m);
        c.SetDiscount(10.01m);
        c.Pay(PaymentMethod.Card, 50m, At(3, 12, 16), null, null);

        // D: issued at 23:30 of 20 March (02:30 UTC on the 21st): two doses of Dipirona, 50, paid only on 2 April,
        // so it was still owed at the end of March.
        var d = New('D', At(3, 20, 23, 30));
        d.AddItem(CareCharges.DoseDescription("Dipirona", 500m, new DateTime(2025, 3, 20, 23, 0, 0)), ChargeKind.Medication, 1, 25m);
        d.AddItem(CareCharges.DoseDescription("Dipirona", 500m, new DateTime(2025, 3, 20, 23, 15, 0)), ChargeKind.Medication, 1, 25m);
        d.Pay(PaymentMethod.Cash, 50m, At(4, 2, 9), null, null);

        // K: ten services at 1..10 and three lines of Curativo at 2: 61, open.
        var k = New('K', At(3, 25, 15));
        for (var i = 1; i <= 10; i++)
        {
            k.AddItem($"Serviço {i:D2}", ChargeKind.Service, 1, i);
        }

        for (var i = 0; i < 3; i++)
        {
            k.AddItem("Curativo", ChargeKind.Service, 1, 2m);
        }

        // E: 23:30 of 28 February (1 March in UTC) belongs to the previous period; 20, open, 31 days old at the end of March.
        New('E', At(2, 28, 23, 30)).AddItem("Coleira", ChargeKind.Product, 1, 20m);

        // F: the first half hour of April, outside March.
        New('F', At(4, 1, 0, 30)).AddItem("Cirurgia", ChargeKind.Service, 1, 999m);

        // G: the previous period's consultation, 150, paid online the same day.
        var g = New('G', At(2, 10, 9));
        g.AddItem("Consulta", ChargeKind.Consultation, 1, 150m, consultation.Id);
        g.Pay(PaymentMethod.Online, 150m, At(2, 10, 9, 30), null, null);

        // Older and still owed: H 300 (15 Jan), J 40 (1 Nov 2024); I 80 (1 Dec 2024) owed at the end of February, paid by Pix in March.
        New('H', At(1, 15, 9)).AddItem("Internação", ChargeKind.HospitalizationDay, 1, 300m);
        New('J', At(11, 1, 9, year: 2024)).AddItem("Vacina", ChargeKind.Service, 1, 40m);
        var older = New('I', At(12, 1, 9, year: 2024));
        older.AddItem("Exame de imagem", ChargeKind.Exam, 1, 80m);
        older.Pay(PaymentMethod.Pix, 80m, At(3, 15, 11), null, null);

        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            db.PriceItems.AddRange(consultation, bloodCount);
            db.Appointments.AddRange(appointments);
            db.Invoices.AddRange(invoices);
            await db.SaveChangesAsync();

            // One save stamps every item alike; the items of C were added one after another.
            var added = c.Items.Select((item, index) => (item.Id, Index: index)).ToList();
            foreach (var (id, index) in added)
            {
                await db.InvoiceItems.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.CreatedAt, At(3, 10, 14, index)));
            }
        }

        AuroraInvoice = await AuroraInvoiceAsync();
    }

    /// <summary>7777.77 invoiced and paid at Aurora on 3 March 2025.</summary>
    private async Task<Guid> AuroraInvoiceAsync()
    {
        await using var desk = await Desk.AsAsync(App, "aurora", Roles.Admin);
        var tutor = await desk.NewTutorAsync();
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var invoice = new Invoice
        {
            Number = (await db.Invoices.MaxAsync(i => (int?)i.Number) ?? 1000) + 1,
            TutorId = tutor,
            IssuedAt = HospitalTime.ToUtc(new DateTime(2025, 3, 3, 11, 0, 0), desk.Hospital.TimeZone),
        };
        invoice.AddItem("Cirurgia ortopédica", ChargeKind.Service, 1, 7777.77m);
        invoice.Pay(PaymentMethod.Card, 7777.77m, invoice.IssuedAt, null, null);
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();
        return invoice.Id;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
