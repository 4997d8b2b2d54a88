namespace ClinicApp.Features.Pets;

/// <summary>One event of a pet's life at the hospital, already in the reader's language.</summary>
public sealed record TimelineEntry(DateTime At, string Kind, string Title, string? Detail, string? Href);

/// <summary>An area that puts entries on the pet's timeline (appointments, vaccinations; later
/// consultations, exams, hospitalizations, invoices). Register with <c>AddScoped&lt;IPetTimelineSource, …&gt;</c>.</summary>
public interface IPetTimelineSource
{
    Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Guid petId, CancellationToken ct);
}

/// <summary>The pet record's single timeline: every source's entries, newest first.</summary>
public sealed class PetTimeline(IEnumerable<IPetTimelineSource> sources)
{
    public async Task<IReadOnlyList<TimelineEntry>> ForAsync(Guid petId, CancellationToken ct = default)
    {
        var entries = new List<TimelineEntry>();
        foreach (var source in sources)
        {
            entries.AddRange(await source.EntriesAsync(petId, ct));
        }

        return entries.OrderByDescending(e => e.At).ToList();
    }
}
