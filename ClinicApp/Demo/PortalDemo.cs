using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Demo;

/// <summary>Links the demo's tutor@ account to a demo tutor who has everything the portal shows: a pet
/// in hospital, upcoming appointments, an open invoice and a vaccination due. The tutor takes the
/// account's name and address, so reception finds "Marina Costa" at the desk and she signs in as
/// tutor@…; what the tutor lacks of the list is added, as a clinic would have it.</summary>
public static class PortalDemo
{
    public static async Task SeedAsync(ClinicDbContext db, string accountEmail, DateTime utcNow, TimeZoneInfo zone, CancellationToken ct)
    {
        var account = await db.Users.SingleOrDefaultAsync(u => u.Email == accountEmail, ct);
        if (account is null || await db.Tutors.AnyAsync(t => t.PortalUserId == account.Id, ct))
        {
            return;
        }

        // The tutor of a pet in hospital with the most upcoming appointments and vaccinations.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone));
        var candidates = await db.Hospitalizations.AsNoTracking()
            .Where(h => h.Status == HospitalizationStatus.InCare || h.Status == HospitalizationStatus.Waiting)
            .Select(h => new
            {
                h.TutorId,
                h.PetId,
                Upcoming = db.Appointments.Count(a => a.TutorId == h.TutorId && a.Start > utcNow && a.Status == AppointmentStatus.Scheduled),
                Vaccines = db.Vaccinations.Count(v => v.Pet!.TutorId == h.TutorId),
            })
            .ToListAsync(ct);
        var chosen = candidates.OrderByDescending(c => c.Upcoming).ThenByDescending(c => c.Vaccines).ThenBy(c => c.TutorId).FirstOrDefault();
        if (chosen is null)
        {
            return;
        }

        var tutor = await db.Tutors.SingleAsync(t => t.Id == chosen.TutorId, ct);
        tutor.Name = account.DisplayName;
        tutor.Email = accountEmail;
        tutor.PortalUserId = account.Id;
        tutor.PortalInvitedAt = utcNow.AddDays(-20);
        tutor.SearchText = TutorSearchText.Of(tutor, await db.Pets.Where(p => p.TutorId == tutor.Id && !p.IsDeleted).Select(p => p.SearchText).ToListAsync(ct));

        // The consent history the desk would have: reminders agreed at registration, marketing asked and
        // declined in the portal later (so the tutor page and the portal's My data both show a history).
        if (tutor.RemindersConsentAt is { } agreed && !await db.TutorConsents.AnyAsync(c => c.TutorId == tutor.Id, ct))
        {
            db.TutorConsents.Add(new Data.Portal.TutorConsent
            {
                TutorId = tutor.Id, Purpose = Data.Portal.ConsentPurpose.Reminders, Granted = true, At = agreed,
                Channel = Data.Portal.ConsentChannel.Desk, Source = "Recepção",
            });
            var tried = utcNow.AddDays(-15);
            db.TutorConsents.Add(new Data.Portal.TutorConsent
            {
                TutorId = tutor.Id, Purpose = Data.Portal.ConsentPurpose.Marketing, Granted = true, At = tried,
                Channel = Data.Portal.ConsentChannel.Portal, Source = "portal",
            });
            db.TutorConsents.Add(new Data.Portal.TutorConsent
            {
                TutorId = tutor.Id, Purpose = Data.Portal.ConsentPurpose.Marketing, Granted = false, At = tried.AddDays(3),
                Channel = Data.Portal.ConsentChannel.Portal, Source = "portal",
            });
        }

        // A booster coming due within the month, if none of the tutor's pets has one due.
        var petIds = await db.Pets.Where(p => p.TutorId == tutor.Id && !p.IsDeleted).Select(p => p.Id).ToListAsync(ct);
        if (!await db.Vaccinations.AnyAsync(v => petIds.Contains(v.PetId) && v.NextDueOn != null && v.NextDueOn <= today.AddDays(30), ct))
        {
            var latest = await db.Vaccinations.Where(v => petIds.Contains(v.PetId)).OrderByDescending(v => v.AppliedOn).FirstOrDefaultAsync(ct);
            if (latest is not null)
            {
                latest.NextDueOn = today.AddDays(12);
            }
            else
            {
                db.Vaccinations.Add(new Vaccination
                {
                    PetId = chosen.PetId, Vaccine = "V10 (polivalente)", Dose = "Reforço anual", Batch = "VX2219",
                    AppliedOn = today.AddYears(-1).AddDays(12), NextDueOn = today.AddDays(12),
                });
            }
        }

        // An open invoice: the admission's emergency visit and exams, not paid yet.
        if (!await db.Invoices.AnyAsync(i => i.TutorId == tutor.Id && (i.Status == InvoiceStatus.Open || i.Status == InvoiceStatus.PartiallyPaid), ct))
        {
            var prices = await db.PriceItems.AsNoTracking().Where(p => p.IsActive).ToListAsync(ct);
            var number = (await db.Invoices.MaxAsync(i => (int?)i.Number, ct) ?? 1000) + 1;
            var invoice = new Invoice { Number = number, TutorId = tutor.Id, PetId = chosen.PetId, IssuedAt = utcNow.AddHours(-20) };
            foreach (var price in prices.Where(p => p.Kind is ChargeKind.Consultation or ChargeKind.Exam).Take(3))
            {
                invoice.AddItem(price.Name, price.Kind, 1, price.Price, price.Id);
            }

            if (invoice.Items.Count == 0)
            {
                invoice.AddItem("Atendimento de emergência", ChargeKind.Consultation, 1, 250m);
            }

            db.Invoices.Add(invoice);
        }

        await db.SaveChangesAsync(ct);
    }
}
