using System.Collections;
using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Resources;
using Microsoft.Extensions.Localization;

namespace ClinicApp;

/// <summary>The app's texts, kept in one resource file pair per area (Resources/Agenda.resx and
/// Agenda.pt-BR.resx, Resources/Ram.resx…) so that features stop colliding in one huge file, and served
/// as one to everything that injects <see cref="IStringLocalizer{SharedResource}"/>.</summary>
/// <remarks>
/// A key's first segment names its area: the feature folder that owns it ("Appointment.*" and
/// "Today.*" are Agenda's, "Stay.*" Hospitalizations'…), or App for the texts of the whole app (Nav,
/// Common, Error, Role…). ResourcesTests holds the table and fails when a key sits in another file.
/// The printed documents' texts (Pdf.*) have a Pdf area of their own: invoice, receipt and discharge
/// share their frame (page x of y, pet, tutor, CPF, notes), and a key's area must follow from its
/// prefix alone; the receituário's own lines are Prescriptions.Pdf.* and so stay with Prescriptions.
/// <para>The key → area index is built once from the neutral (English) files, which hold every key.
/// A lookup is one dictionary hit plus ResourceManager.GetString in the current UI culture, which
/// walks pt-BR → pt → English exactly as the stock ResourceManagerStringLocalizer did.</para>
/// </remarks>
public sealed class AreaResourceLocalizer : IStringLocalizer<SharedResource>
{
    private const string ResourcesSuffix = ".resources";

    // The resources are compiled into the assembly and cannot change while it runs: one index serves
    // the process (and the many service providers the tests build).
    private static readonly Lazy<AreaResourceLocalizer> AppTexts =
        new(() => new AreaResourceLocalizer(AreasIn(typeof(SharedResource).Assembly, $"{typeof(SharedResource).Namespace}.Resources.")));

    private readonly ResourceManager[] _areas;
    private readonly FrozenDictionary<string, ResourceManager> _areaOfKey;

    /// <summary>Indexes the keys of the given areas; a key found in two of them is refused.</summary>
    public AreaResourceLocalizer(IEnumerable<ResourceManager> areas)
    {
        ArgumentNullException.ThrowIfNull(areas);
        _areas = [.. areas];
        var index = new Dictionary<string, ResourceManager>(StringComparer.Ordinal);
        foreach (var area in _areas)
        {
            var neutral = area.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)
                ?? throw new InvalidOperationException($"{area.BaseName} has no neutral (English) resources.");
            foreach (DictionaryEntry entry in neutral)
            {
                var key = (string)entry.Key;
                if (!index.TryAdd(key, area))
                {
                    throw new InvalidOperationException(
                        $"The text \"{key}\" is in both {index[key].BaseName} and {area.BaseName}; a key lives in one area file only.");
                }
            }
        }

        _areaOfKey = index.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The texts of every area file compiled into the app (Resources/*.resx).</summary>
    public static AreaResourceLocalizer Shared => AppTexts.Value;

    /// <summary>The base names of the areas, such as "ClinicApp.Resources.Agenda".</summary>
    public IEnumerable<string> AreaNames => _areas.Select(a => a.BaseName);

    public LocalizedString this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            var text = Find(name, CultureInfo.CurrentUICulture, out var area);
            return new LocalizedString(name, text ?? name, resourceNotFound: text is null, searchedLocation: area?.BaseName);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            var format = Find(name, CultureInfo.CurrentUICulture, out var area);
            var text = string.Format(CultureInfo.CurrentCulture, format ?? name, arguments);
            return new LocalizedString(name, text, resourceNotFound: format is null, searchedLocation: area?.BaseName);
        }
    }

    /// <summary>With parent cultures: every key, in the current UI culture or its fallback. Without:
    /// only the texts the current UI culture's own files hold (none for English, which is neutral).</summary>
    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures)
    {
        var culture = CultureInfo.CurrentUICulture;
        return includeParentCultures ? AllKeys(culture) : OwnTexts(culture);
    }

    private string? Find(string name, CultureInfo culture, out ResourceManager? area) =>
        _areaOfKey.TryGetValue(name, out area) ? area.GetString(name, culture) : null;

    private IEnumerable<LocalizedString> AllKeys(CultureInfo culture)
    {
        foreach (var (name, area) in _areaOfKey)
        {
            var text = area.GetString(name, culture);
            yield return new LocalizedString(name, text ?? name, resourceNotFound: text is null, searchedLocation: area.BaseName);
        }
    }

    private IEnumerable<LocalizedString> OwnTexts(CultureInfo culture)
    {
        foreach (var area in _areas)
        {
            if (area.GetResourceSet(culture, createIfNotExists: true, tryParents: false) is not { } own)
            {
                continue;
            }

            foreach (DictionaryEntry entry in own)
            {
                if (entry.Value is string text)
                {
                    yield return new LocalizedString((string)entry.Key, text, resourceNotFound: false, searchedLocation: area.BaseName);
                }
            }
        }
    }

    private static IEnumerable<ResourceManager> AreasIn(Assembly assembly, string prefix) =>
        assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(ResourcesSuffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => new ResourceManager(name[..^ResourcesSuffix.Length], assembly));
}
