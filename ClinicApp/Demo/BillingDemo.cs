using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Invoices;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Demo;

/// <summary>A price list and invoices in every status with payments of every method, made from the
/// demo agenda's completed appointments (as care would have posted them).</summary>
public static class BillingDemo
{
    public static IReadOnlyList<PriceItem> PriceList() =>
    [
        new() { Name = "Consulta clínica", Kind = ChargeKind.Consultation, Price = 180.00m, ChargesAppointment = AppointmentType.Consultation },
        new() { Name = "Retorno", Kind = ChargeKind.Consultation, Price = 90.00m, ChargesAppointment = AppointmentType.Return },
        new() { Name = "Aplicação de vacina", Kind = ChargeKind.Service, Price = 40.00m, ChargesAppointment = AppointmentType.Vaccination },
        new() { Name = "Coleta para exame", Kind = ChargeKind.Exam, Price = 45.00m, ChargesAppointment = AppointmentType.Exam },
        new() { Name = "Procedimento cirúrgico", Kind = ChargeKind.Service, Price = 1200.00m, ChargesAppointment = AppointmentType.Surgery },
        new() { Name = "Vacina V10", Kind = ChargeKind.Medication, Price = 120.00m },
        new() { Name = "Vacina antirrábica", Kind = ChargeKind.Medication, Price = 70.00m },
        new() { Name = "Dipirona 500 mg (comprimido)", Kind = ChargeKind.Medication, Price = 3.50m },
        new() { Name = "Hemograma completo", Kind = ChargeKind.Exam, Price = 85.00m },
        new() { Name = "Ultrassonografia abdominal", Kind = ChargeKind.Exam, Price = 220.00m },
        new() { Name = "Diária de internação", Kind = ChargeKind.HospitalizationDay, Price = 250.00m },
        new() { Name = "Ração renal 2 kg", Kind = ChargeKind.Product, Price = 189.90m },
    ];

    public static async Task SeedAsync(ClinicDbContext db, int seed, DateTime utcNow, CancellationToken ct)
    {
        var prices = PriceList();
        db.PriceItems.AddRange(prices);
        var random = new Random(seed);
        // The last five weeks of visits were billed, save two the desk forgot (they show as charges to review).
        var since = utcNow.AddDays(-35);
        var completed = (await db.Appointments.AsNoTracking()
            .Where(a => a.Status == AppointmentStatus.Completed && a.Start < utcNow && a.Start >= since)
            .OrderByDescending(a => a.Start).ToListAsync(ct))
            .Where((_, i) => i is not (3 or 11))
            .ToList();
        var extras = prices.Where(p => p.ChargesAppointment is null && p.Kind != ChargeKind.HospitalizationDay).ToList();
        var number = 1000;
        foreach (var (appointment, index) in completed.OrderBy(a => a.Start).Select((a, i) => (a, i)))
        {
            var price = prices.First(p => p.ChargesAppointment == appointment.Type);
            var key = CareCharges.AppointmentKey(appointment.Id);
            var invoice = new Invoice { Number = ++number, TutorId = appointment.TutorId, PetId = appointment.PetId, VisitKey = key, IssuedAt = appointment.End };
            invoice.AddItem(price.Name, price.Kind, 1, price.Price, price.Id, key);
            if (random.Next(3) == 0)
            {
                var extra = extras[random.Next(extras.Count)];
                invoice.AddItem(extra.Name, extra.Kind, extra.Kind == ChargeKind.Medication && extra.Price < 10 ? 10 : 1, extra.Price, extra.Id);
            }

            if (random.Next(8) == 0)
            {
                invoice.SetDiscount(Money.Round(invoice.Subtotal * 0.1m));
            }

            // Older visits are settled; the latest are still open or partly paid; two were cancelled.
            var paidAt = appointment.End.AddMinutes(10);
            var age = completed.Count - index;
            if (age <= 6)
            {
                if (age % 2 == 0)
                {
                    invoice.Pay(PaymentMethod.Cash, Money.Round(invoice.Total / 2), paidAt, null, null);
                }
            }
            else if (age is 9 or 17)
            {
                invoice.Cancel("Lançada em duplicidade", paidAt);
            }
            else
            {
                var method = (PaymentMethod)(index % 4);
                var reference = method switch
                {
                    PaymentMethod.Card => $"AUT{random.Next(100000, 999999)}",
                    PaymentMethod.Pix => $"E{random.Next(10000000, 99999999)}{index:D4}",
                    PaymentMethod.Online => $"cs_demo_{seed}_{index:D4}",
                    _ => null,
                };
                invoice.Pay(method, invoice.Total, paidAt, reference, null, method == PaymentMethod.Online ? reference : null);
            }

            db.Invoices.Add(invoice);
        }

        await db.SaveChangesAsync(ct);
    }
}
