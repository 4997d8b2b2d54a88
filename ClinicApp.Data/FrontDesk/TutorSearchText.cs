using ClinicApp.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Data.FrontDesk;

/// <summary>What a tutor is found by at the desk: their name, CPF and phone digits, then their pets'
/// search texts. Kept with the data because both the tutor's and a pet's changes rewrite it.</summary>
public static class TutorSearchText
{
    public const int MaxLength = 1000;

    /// <summary>The phone's digits include the national number ("5511987654321" contains "11987654321").</summary>
    public static string Of(Tutor tutor, IEnumerable<string> petSearchTexts)
    {
        var text = string.Join(" | ", new[] { SearchText.Normalize(tutor.Name), tutor.Cpf, SearchText.Digits(tutor.Phone) }
            .Concat(petSearchTexts).Where(p => !string.IsNullOrEmpty(p)));
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }

    /// <summary>Refreshes the tutor's search text after one of their pets changed (same save).</summary>
    public static async Task RefreshAsync(ClinicDbContext db, Guid tutorId, Pet changed, CancellationToken ct)
    {
        var tutor = await db.Tutors.FirstOrDefaultAsync(t => t.Id == tutorId, ct);
        if (tutor is null)
        {
            return;
        }

        var others = await db.Pets.Where(p => p.TutorId == tutorId && p.Id != changed.Id).Select(p => p.SearchText).ToListAsync(ct);
        tutor.SearchText = Of(tutor, changed.IsDeleted || changed.TutorId != tutorId ? others : others.Append(changed.SearchText));
    }
}
