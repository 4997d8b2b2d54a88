using ClinicApp.Data.Analytics;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClinicApp.Data.Interceptors;

/// <summary>Marks the days whose stored analytics figures (<see cref="AnalyticsDay"/>) a save changes, in the
/// same transaction as the change: a row the figures are made of cannot change without its day being computed
/// again, whatever screen, job or webhook changed it. The marks are coarse on purpose (a stay that changes bed
/// marks all its days): a mark costs one recomputed day, a missed one a wrong figure.
/// <para>What each day's figures read (see the sections in <c>Features/Analytics</c>): revenue — invoices by
/// their issue day, their items, payments by their day; risk — care not charged (visits, doses given, stays
/// ended, exams completed) by its day, which an item charging it changes; agenda — appointments by their start, their reminders
/// and replies, vaccines given and due, and the production of the invoices of a visit or stay by the invoice's day; care — doses by
/// their due day, each in its stay's bed.</para></summary>
/// <param name="zone">The hospital's time zone (days are its local days); null where a context is opened
/// without a hospital's scope, then an instant marks its UTC day and the days either side, which hold its
/// local day in any zone.</param>
public sealed class AnalyticsStaleDaysInterceptor(TimeZoneInfo? zone, TimeProvider time) : SaveChangesInterceptor
{
    /// <summary>Never mark more days than this for one change: the latest ones of a range from long ago.</summary>
    private const int MaxDays = 800;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            var marks = Collect(context, out var items, out var messages, out var sources);
            Mark(context, marks, (
                items.Count == 0 ? [] : InvoiceDaysQuery(context, items).ToList(),
                messages.Count == 0 ? [] : AppointmentDaysQuery(context, messages).ToList(),
                sources.Count == 0 ? [] : SourceDaysQueries(context, sources).SelectMany(q => q.ToList()).ToList()));
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            var marks = Collect(context, out var items, out var messages, out var sources);
            var invoices = items.Count == 0 ? [] : await InvoiceDaysQuery(context, items).ToListAsync(cancellationToken);
            var appointments = messages.Count == 0 ? [] : await AppointmentDaysQuery(context, messages).ToListAsync(cancellationToken);
            var charged = new List<DateTime>();
            foreach (var query in sources.Count == 0 ? [] : SourceDaysQueries(context, sources))
            {
                charged.AddRange(await query.ToListAsync(cancellationToken));
            }

            Mark(context, marks, (invoices, appointments, charged));
        }

        return result;
    }

    /// <summary>The marks a save's entries give by themselves; the invoices of changed items and the appointments of
    /// changed messages that are not in the save are returned to be looked up.</summary>
    private HashSet<(string Kind, DateOnly Day)> Collect(DbContext context, out HashSet<Guid> items, out HashSet<Guid> messages, out HashSet<Guid> sources)
    {
        var marks = new HashSet<(string Kind, DateOnly Day)>();
        var lookUp = new HashSet<Guid>();
        items = [];
        messages = lookUp;
        sources = [];
        var entries = context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        if (entries.Count == 0)
        {
            return marks;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var invoicesInSave = entries.Where(e => e.Entity is Invoice).ToDictionary(e => ((Invoice)e.Entity).Id, e => ((Invoice)e.Entity).IssuedAt);
        var appointmentsInSave = entries.Where(e => e.Entity is Appointment).ToDictionary(e => ((Appointment)e.Entity).Id, e => ((Appointment)e.Entity).Start);
        foreach (var entry in entries)
        {
            switch (entry.Entity)
            {
                case Invoice:
                    AddBoth(entry, nameof(Invoice.IssuedAt), marks, AnalyticsDayKind.Revenue, AnalyticsDayKind.Agenda);
                    break;
                case InvoiceItem item:
                    // An item charging care (its source key ends with the care's id) takes that care off the day's
                    // revenue at risk, or puts it back: the care's day is looked up.
                    foreach (var key in new[] { item.SourceKey, entry.State == EntityState.Added ? null : entry.Property(nameof(InvoiceItem.SourceKey)).OriginalValue as string })
                    {
                        if (key is not null && Guid.TryParse(key[(key.LastIndexOf(':') + 1)..], out var source))
                        {
                            sources.Add(source);
                        }
                    }

                    if (invoicesInSave.TryGetValue(item.InvoiceId, out var issued))
                    {
                        Add(marks, issued, AnalyticsDayKind.Revenue, AnalyticsDayKind.Agenda);
                    }
                    else
                    {
                        items.Add(item.InvoiceId);
                    }

                    break;
                case Payment:
                    AddBoth(entry, nameof(Payment.PaidAt), marks, AnalyticsDayKind.Revenue);
                    break;
                case Appointment appointment:
                    // Agenda, and revenue at risk (a visit completed and not charged) on its day.
                    AddBoth(entry, nameof(Appointment.Start), marks, AnalyticsDayKind.Agenda, AnalyticsDayKind.Risk);
                    if (entry.State != EntityState.Added && entry.Property(nameof(Appointment.VeterinarianId)).IsModified)
                    {
                        // The visit's invoice counts as the new vet's production, on the invoice's day: any day since.
                        AddRange(marks, Original<DateTime>(entry, nameof(Appointment.Start)), appointment.Start > now ? appointment.Start : now, AnalyticsDayKind.Agenda);
                    }

                    break;
                case OutboxMessage { AppointmentId: { } reminded }:
                    Remind(reminded);
                    break;
                case InboundMessage { AppointmentId: { } replied }:
                    Remind(replied);
                    break;
                case Vaccination:
                    // Already local days (a vaccine's date and the next dose's).
                    foreach (var property in new[] { nameof(Vaccination.AppliedOn), nameof(Vaccination.NextDueOn) })
                    {
                        var value = entry.Property(property);
                        foreach (var day in new[] { value.CurrentValue, entry.State == EntityState.Added ? null : value.OriginalValue }.OfType<DateOnly>())
                        {
                            marks.Add((AnalyticsDayKind.Agenda, day));
                        }
                    }

                    break;
                case MedicationAdministration:
                    AddBoth(entry, nameof(MedicationAdministration.DueAt), marks, AnalyticsDayKind.Care);
                    // A dose given and not charged is revenue at risk on the day it was given.
                    AddBoth(entry, nameof(MedicationAdministration.RecordedAt), marks, AnalyticsDayKind.Risk);
                    break;
                case ExamRequest:
                    AddBoth(entry, nameof(ExamRequest.CompletedAt), marks, AnalyticsDayKind.Risk);
                    break;
                case Hospitalization stay when entry.State != EntityState.Added:
                    // An ended stay not charged is revenue at risk on the day it ended (its days from admission).
                    AddBoth(entry, nameof(Hospitalization.EndedAt), marks, AnalyticsDayKind.Risk);
                    // A dose counts in its stay's bed, a stay's invoices as its vet's production: every day of the stay.
                    var until = stay.EndedAt is { } ended && ended > now ? ended : now;
                    if (entry.State == EntityState.Deleted || entry.Property(nameof(Hospitalization.BedId)).IsModified)
                    {
                        AddRange(marks, Original<DateTime>(entry, nameof(Hospitalization.AdmittedAt)), until, AnalyticsDayKind.Care);
                    }

                    if (entry.State == EntityState.Deleted || entry.Property(nameof(Hospitalization.ResponsibleVetId)).IsModified)
                    {
                        AddRange(marks, Original<DateTime>(entry, nameof(Hospitalization.AdmittedAt)), until, AnalyticsDayKind.Agenda);
                    }

                    break;
            }
        }

        return marks;

        void Remind(Guid appointment)
        {
            if (appointmentsInSave.TryGetValue(appointment, out var start))
            {
                Add(marks, start, AnalyticsDayKind.Agenda);
            }
            else
            {
                lookUp.Add(appointment);
            }
        }
    }

    private static IQueryable<DateTime> InvoiceDaysQuery(DbContext context, HashSet<Guid> invoices) =>
        context.Set<Invoice>().IgnoreQueryFilters().AsNoTracking().Where(i => invoices.Contains(i.Id)).Select(i => i.IssuedAt);

    private static IQueryable<DateTime> AppointmentDaysQuery(DbContext context, HashSet<Guid> appointments) =>
        context.Set<Appointment>().IgnoreQueryFilters().AsNoTracking().Where(a => appointments.Contains(a.Id)).Select(a => a.Start);

    /// <summary>The days of the care a charged item's source may be: a visit's start, a dose's recording, a stay's end, an exam's completion.</summary>
    private static IEnumerable<IQueryable<DateTime>> SourceDaysQueries(DbContext context, HashSet<Guid> sources) =>
    [
        context.Set<Appointment>().IgnoreQueryFilters().AsNoTracking().Where(a => sources.Contains(a.Id)).Select(a => a.Start),
        context.Set<MedicationAdministration>().AsNoTracking().Where(a => sources.Contains(a.Id) && a.RecordedAt != null).Select(a => a.RecordedAt!.Value),
        context.Set<Hospitalization>().IgnoreQueryFilters().AsNoTracking().Where(h => sources.Contains(h.Id) && h.EndedAt != null).Select(h => h.EndedAt!.Value),
        context.Set<ExamRequest>().IgnoreQueryFilters().AsNoTracking().Where(e => sources.Contains(e.Id) && e.CompletedAt != null).Select(e => e.CompletedAt!.Value),
    ];

    private void Mark(DbContext context, HashSet<(string Kind, DateOnly Day)> marks, (List<DateTime> Invoices, List<DateTime> Appointments, List<DateTime> Charged) looked)
    {
        foreach (var issued in looked.Invoices)
        {
            Add(marks, issued, AnalyticsDayKind.Revenue, AnalyticsDayKind.Agenda);
        }

        foreach (var start in looked.Appointments)
        {
            Add(marks, start, AnalyticsDayKind.Agenda);
        }

        foreach (var at in looked.Charged)
        {
            Add(marks, at, AnalyticsDayKind.Risk);
        }

        if (marks.Count == 0 || context.Model.FindEntityType(typeof(AnalyticsStaleDay)) is null)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        context.Set<AnalyticsStaleDay>().AddRange(marks.Select(m => new AnalyticsStaleDay { Kind = m.Kind, Day = m.Day, MarkedAt = now }));
    }

    /// <summary>The days of a date property's value before the save and after it (a moved appointment changes both days).</summary>
    private void AddBoth(EntityEntry entry, string property, HashSet<(string, DateOnly)> marks, params string[] kinds)
    {
        var value = entry.Property(property);
        if (value.CurrentValue is DateTime current)
        {
            Add(marks, current, kinds);
        }

        if (entry.State != EntityState.Added && value.OriginalValue is DateTime original)
        {
            Add(marks, original, kinds);
        }
    }

    private static T Original<T>(EntityEntry entry, string property) => (T)entry.Property(property).OriginalValue!;

    private void Add(HashSet<(string, DateOnly)> marks, DateTime utc, params string[] kinds) => AddRange(marks, utc, utc, kinds);

    private void AddRange(HashSet<(string, DateOnly)> marks, DateTime fromUtc, DateTime toUtc, params string[] kinds)
    {
        var (first, last) = (Days(fromUtc).First, Days(toUtc).Last);
        if (last.DayNumber - first.DayNumber >= MaxDays)
        {
            first = last.AddDays(-MaxDays + 1);
        }

        for (var day = first; day <= last; day = day.AddDays(1))
        {
            foreach (var kind in kinds)
            {
                marks.Add((kind, day));
            }
        }
    }

    private (DateOnly First, DateOnly Last) Days(DateTime utc)
    {
        var instant = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        if (zone is null)
        {
            var day = DateOnly.FromDateTime(instant);
            return (day.AddDays(-1), day.AddDays(1));
        }

        var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(instant, zone));
        return (local, local);
    }
}
