using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Invoices;

/// <summary>A piece of care with no charge on any invoice.</summary>
public sealed record UnbilledCare(string SourceKey, DateTime At, Guid TutorId, string TutorName, Guid PetId, string PetName, string What);

/// <summary>No missed charges: completed care posts its own line on the visit's invoice (clinical
/// areas add their kinds here: doses, stay days, exams), and what could not be charged is listed.</summary>
public sealed class CareCharges(ClinicDbFactory dbFactory, InvoiceService invoices)
{
    public static string AppointmentKey(Guid appointmentId) => $"appointment:{appointmentId}";

    /// <summary>Charges a completed appointment at its type's price, once. Without a price for the
    /// type nothing is posted and the appointment shows in <see cref="UnbilledAsync"/>.</summary>
    public async Task ChargeAppointmentAsync(Guid appointmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId && a.Status == AppointmentStatus.Completed, ct);
        if (appointment is null)
        {
            return;
        }

        var price = await db.PriceItems.AsNoTracking().FirstOrDefaultAsync(p => p.ChargesAppointment == appointment.Type && p.IsActive, ct);
        if (price is null)
        {
            return;
        }

        var key = AppointmentKey(appointment.Id);
        await invoices.PostChargeAsync(key, appointment.TutorId, appointment.PetId, key, price.Name, price.Kind, 1, price.Price, ct);
    }

    /// <summary>Completed appointments since <paramref name="sinceUtc"/> with no invoice line.</summary>
    public async Task<IReadOnlyList<UnbilledCare>> UnbilledAsync(DateTime sinceUtc, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var completed = await (from a in db.Appointments.AsNoTracking()
                               where a.Status == AppointmentStatus.Completed && a.Start >= sinceUtc
                               join p in db.Pets.IgnoreQueryFilters() on a.PetId equals p.Id
                               join t in db.Tutors.IgnoreQueryFilters() on a.TutorId equals t.Id
                               select new { a.Id, a.Start, a.Type, a.TutorId, TutorName = t.Name, a.PetId, PetName = p.Name })
            .ToListAsync(ct);
        var keys = completed.Select(c => AppointmentKey(c.Id)).ToList();
        var billed = (await db.InvoiceItems.AsNoTracking().Where(i => i.SourceKey != null && keys.Contains(i.SourceKey)).Select(i => i.SourceKey!).ToListAsync(ct)).ToHashSet();
        return completed.Where(c => !billed.Contains(AppointmentKey(c.Id)))
            .OrderByDescending(c => c.Start)
            .Select(c => new UnbilledCare(AppointmentKey(c.Id), c.Start, c.TutorId, c.TutorName, c.PetId, c.PetName, $"Appointment.Type.{c.Type}"))
            .ToList();
    }
}
