using System.Text.RegularExpressions;
using ClinicApp.Data.Audit;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using Microsoft.EntityFrameworkCore;
using AppLocalization = ClinicApp.Localization;

namespace ClinicApp.Tests.Unit.Localization;

/// <summary>The English and Brazilian Portuguese resources against each other and against the
/// keys the source code asks for: a missing key shows up as the raw key on screen. The texts are
/// split into one file pair per area; the checks on texts run over all of them together.</summary>
public sealed partial class ResourcesTests
{
    private const string Neutral = "";
    private const string BrazilianPortuguese = "pt-BR";

    private static readonly string Root = ResourceAreas.RepositoryRoot;
    private static readonly Dictionary<string, string> English = Union(Neutral);
    private static readonly Dictionary<string, string> Portuguese = Union(BrazilianPortuguese);

    /// <summary>The keys built at run time from a value, and the values each can take.</summary>
    private static readonly Dictionary<string, IEnumerable<string>> Families = new(StringComparer.Ordinal)
    {
        ["Role.{}"] = Roles.All.Select(r => $"Role.{r}"),
        ["Role.{}.Plural"] = Roles.All.Select(r => $"Role.{r}.Plural"),
        ["Role.{}.Female"] = Roles.All.Select(r => $"Role.{r}.Female"),
        ["Users.Gender.{}"] = Enum.GetNames<UserGender>().Select(v => $"Users.Gender.{v}"),
        ["Audit.{}"] = Enum.GetNames<AuditAction>().Select(a => $"Audit.{a}"),
        ["Language.{}"] = AppLocalization.Supported.Select(c => $"Language.{c}"),
        // Every entity the audit writes about: the home page's activity feed names each one (it showed
        // "Consultation" and "PrescriptionItem" in the pt-BR UI while only the user types had a text).
        ["Entity.{}"] = AuditedEntityNames().Select(e => $"Entity.{e}"),
        ["Appointment.Type.{}"] = Enum.GetNames<AppointmentType>().Select(v => $"Appointment.Type.{v}"),
        ["Appointment.Status.{}"] = Enum.GetNames<AppointmentStatus>().Select(v => $"Appointment.Status.{v}"),
        ["Species.{}"] = Enum.GetNames<Species>().Select(v => $"Species.{v}"),
        ["PetSex.{}"] = Enum.GetNames<PetSex>().Select(v => $"PetSex.{v}"),
        ["Invoice.Status.{}"] = Enum.GetNames<ClinicApp.Data.Billing.InvoiceStatus>().Select(v => $"Invoice.Status.{v}"),
        ["Payment.Method.{}"] = Enum.GetNames<ClinicApp.Data.Billing.PaymentMethod>().Select(v => $"Payment.Method.{v}"),
        ["Charge.Kind.{}"] = Enum.GetNames<ClinicApp.Data.Billing.ChargeKind>().Select(v => $"Charge.Kind.{v}"),
        ["PetAlert.{}"] = Enum.GetNames<PetAlerts>().Where(v => v != nameof(PetAlerts.None)).Select(v => $"PetAlert.{v}"),
        ["Outbox.Status.{}"] = Enum.GetNames<ClinicApp.Data.Billing.OutboxStatus>().Select(v => $"Outbox.Status.{v}"),
        ["Outbox.Channel.{}"] = Enum.GetNames<ClinicApp.Data.Billing.OutboxChannel>().Select(v => $"Outbox.Channel.{v}"),
        ["Outbox.Delivery.{}"] = Enum.GetNames<ClinicApp.Data.Messaging.DeliveryStatus>().Select(v => $"Outbox.Delivery.{v}"),
        ["Hospitalization.Status.{}"] = Enum.GetNames<ClinicApp.Data.Clinical.HospitalizationStatus>().Select(v => $"Hospitalization.Status.{v}"),
        ["Hospitalization.Priority.{}"] = Enum.GetNames<ClinicApp.Data.Clinical.HospitalizationPriority>().Select(v => $"Hospitalization.Priority.{v}"),
        ["Portal.Stay.Status.{}"] = Enum.GetNames<ClinicApp.Features.Portal.PortalStayStatus>().Select(v => $"Portal.Stay.Status.{v}"),
        ["Exam.Status.{}"] = Enum.GetNames<ClinicApp.Data.Clinical.ExamStatus>().Select(v => $"Exam.Status.{v}"),
        ["PaymentLink.WhatsAppNotReached.{}"] = Enum.GetNames<ClinicApp.Features.Messaging.ReachProblem>().Select(v => $"PaymentLink.WhatsAppNotReached.{v}"),
        ["Consultation.Status.{}"] = Enum.GetNames<ClinicApp.Data.Clinical.ConsultationStatus>().Select(v => $"Consultation.Status.{v}"),
        ["Mucosa.{}"] = Enum.GetNames<ClinicApp.Data.Clinical.Mucosa>().Select(v => $"Mucosa.{v}"),
        ["Hydration.{}"] = Enum.GetNames<ClinicApp.Data.Clinical.Hydration>().Select(v => $"Hydration.{v}"),
        ["Presentation.{}"] = Enum.GetNames<ClinicApp.Data.Clinical.Presentation>().Select(v => $"Presentation.{v}"),
        ["DoseRoute.{}"] = Enum.GetNames<ClinicApp.Data.Clinical.DoseRoute>().Select(v => $"DoseRoute.{v}"),
        ["PrescriptionKind.{}"] = Enum.GetNames<ClinicApp.Data.Clinical.PrescriptionKind>().Select(v => $"PrescriptionKind.{v}"),
        ["PrescriptionItemStatus.{}"] = Enum.GetNames<ClinicApp.Data.Clinical.PrescriptionItemStatus>().Select(v => $"PrescriptionItemStatus.{v}"),
        ["AdministrationStatus.{}"] = Enum.GetNames<ClinicApp.Data.Clinical.AdministrationStatus>().Select(v => $"AdministrationStatus.{v}"),
        ["NotGivenReason.{}"] = Enum.GetNames<ClinicApp.Data.Clinical.NotGivenReason>().Select(v => $"NotGivenReason.{v}"),
        ["Vital.{}"] = Enum.GetNames<ClinicApp.Data.Clinical.Vital>().Select(v => $"Vital.{v}"),
        ["Vital.Short.{}"] = Enum.GetNames<ClinicApp.Data.Clinical.Vital>().Select(v => $"Vital.Short.{v}"),
        ["Ram.Cell.{}"] = Enum.GetNames<ClinicApp.Features.Ram.DoseCellState>().Select(v => $"Ram.Cell.{v}"),
        ["ReminderState.{}"] = Enum.GetNames<ClinicApp.Features.Conversations.ReminderStage>().Where(v => v != nameof(ClinicApp.Features.Conversations.ReminderStage.None)).Select(v => $"ReminderState.{v}"),
        ["ReminderState.Reach.{}"] = Enum.GetNames<ClinicApp.Features.Messaging.ReachProblem>().Select(v => $"ReminderState.Reach.{v}"),
        ["Conversations.State.{}"] = Enum.GetNames<ClinicApp.Features.Conversations.MessageState>().Select(v => $"Conversations.State.{v}"),
        ["Conversations.Kind.{}"] = Enum.GetNames<ClinicApp.Data.Messaging.MessageKind>().Select(v => $"Conversations.Kind.{v}"),
        ["Conversations.Outcome.{}"] = Enum.GetNames<ClinicApp.Data.Messaging.InboundOutcome>().Select(v => $"Conversations.Outcome.{v}"),
        // Every text MudBlazor itself shows (its English resource), so an upgrade that adds one fails here.
        ["Portal.Nav.{}"] = ClinicApp.Components.Layout.PortalLayout.Sections.Select(s => $"Portal.Nav.{s.Key}"),
        ["Mud.{}"] = MudBlazorKeys(),
    };

    [Fact]
    public void Both_languages_have_the_same_keys()
    {
        Assert.NotEmpty(English);
        Assert.Empty(English.Keys.Except(Portuguese.Keys));
        Assert.Empty(Portuguese.Keys.Except(English.Keys));
    }

    [Fact]
    public void Every_area_has_an_english_and_a_portuguese_file()
    {
        var cultures = ResourceAreas.Files
            .GroupBy(f => f.Area)
            .Where(area => !area.Select(f => f.Culture).Order(StringComparer.Ordinal).SequenceEqual([Neutral, BrazilianPortuguese]))
            .Select(area => $"{area.Key}: {string.Join(", ", area.Select(f => f.Name))}");

        Assert.NotEmpty(ResourceAreas.Files);
        Assert.Empty(cultures);
    }

    [Fact]
    public void Each_area_has_the_same_keys_in_both_languages()
    {
        var mismatched = ResourceAreas.Files
            .GroupBy(f => f.Area)
            .SelectMany(area =>
            {
                var english = area.FirstOrDefault(f => f.Culture == Neutral)?.Texts.Keys ?? [];
                var portuguese = area.FirstOrDefault(f => f.Culture == BrazilianPortuguese)?.Texts.Keys ?? [];
                return english.Except(portuguese).Select(k => $"{k}: only in {area.Key}.resx")
                    .Concat(portuguese.Except(english).Select(k => $"{k}: only in {area.Key}.{BrazilianPortuguese}.resx"));
            });

        Assert.Empty(mismatched);
    }

    [Fact]
    public void No_key_is_in_two_area_files()
    {
        var repeated = ResourceAreas.Files
            .SelectMany(f => f.Texts.Keys.Select(key => (f.Culture, Key: key, f.Name)))
            .GroupBy(k => (k.Culture, k.Key))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Key}: {string.Join(", ", g.Select(k => k.Name))}");

        Assert.Empty(repeated);
    }

    [Fact]
    public void Every_key_is_in_the_file_of_the_area_its_prefix_names()
    {
        var misplaced = ResourceAreas.Files
            .SelectMany(f => f.Texts.Keys.Select(key => (Key: key, File: f, Area: ResourceAreas.Of(key))))
            .Where(k => k.Area != k.File.Area)
            .Select(k => k.Area is null
                ? $"{k.Key} ({k.File.Name}): the prefix \"{k.Key.Split('.')[0]}\" has no area in ResourceAreas.OfPrefix"
                : $"{k.Key}: move from {k.File.Name} to {k.Area}{(k.File.Culture == Neutral ? "" : "." + k.File.Culture)}.resx")
            .ToList();

        // The whole list, not the first few: it is the to-do list for moving texts between files.
        Assert.True(misplaced.Count == 0, $"{misplaced.Count} texts in the wrong file:\n{string.Join('\n', misplaced)}");
    }

    [Fact]
    public void Every_area_is_a_feature_folder_or_app_wide()
    {
        var features = Directory.EnumerateDirectories(Path.Combine(Root, "ClinicApp", "Features")).Select(Path.GetFileName);
        var known = features.Append(ResourceAreas.App).Append(ResourceAreas.Pdf).ToHashSet(StringComparer.Ordinal);

        Assert.DoesNotContain(ResourceAreas.OfPrefix.Values, area => !known.Contains(area));
    }

    [Fact]
    public void No_text_is_empty()
    {
        Assert.Empty(English.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => $"en: {kv.Key}"));
        Assert.Empty(Portuguese.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => $"pt-BR: {kv.Key}"));
    }

    [Fact]
    public void Both_languages_use_the_same_placeholders()
    {
        var mismatched = English
            .Where(kv => !Placeholders(kv.Value).SetEquals(Placeholders(Portuguese[kv.Key])))
            .Select(kv => kv.Key);

        Assert.Empty(mismatched);
    }

    [Fact]
    public void The_portuguese_texts_are_translated()
    {
        // Labels such as "Email" or "Status" may legitimately be the same; whole sentences may not.
        var untranslated = English
            .Where(kv => kv.Value.Contains(' ', StringComparison.Ordinal) && kv.Value.Length > 20 && kv.Value == Portuguese[kv.Key])
            .Select(kv => kv.Key);

        Assert.Empty(untranslated);
    }

    [Fact]
    public void Every_key_the_source_asks_for_exists()
    {
        var used = SourceFiles()
            .SelectMany(file =>
            {
                var text = File.ReadAllText(file);
                return LiteralKey().Matches(text).Concat(ExceptionKey().Matches(text))
                    .Select(m => (Key: m.Groups["key"].Value, File: Path.GetRelativePath(Root, file)));
            })
            .ToList();

        // Guards the scan itself: it must find the keys the layout and the users page are known to use.
        Assert.Contains(used, u => u.Key == "Nav.Home");
        Assert.Contains(used, u => u.Key == "Users.Error.LastAdmin");
        Assert.Contains(used, u => u.Key == "Login.TooManyAttempts");
        Assert.Empty(used.Where(u => !English.ContainsKey(u.Key)).Select(u => $"{u.Key} ({u.File})").Distinct());
    }

    [Fact]
    public void Every_key_built_from_a_value_is_a_known_family()
    {
        var templates = SourceFiles()
            .SelectMany(file => InterpolatedKey().Matches(File.ReadAllText(file)))
            .Select(m => Hole().Replace(m.Groups["key"].Value, "{}"))
            .Distinct()
            .ToList();

        Assert.NotEmpty(templates);
        Assert.DoesNotContain(templates, t => !Families.ContainsKey(t));
    }

    [Fact]
    public void Every_text_is_used_by_the_source()
    {
        var source = string.Join('\n', SourceFiles().Select(File.ReadAllText));
        var built = Families.Values.SelectMany(keys => keys).ToHashSet(StringComparer.Ordinal);

        Assert.DoesNotContain(English.Keys, key => !source.Contains($"\"{key}\"", StringComparison.Ordinal) && !built.Contains(key));
    }

    [Theory]
    [InlineData("Role.{}")]
    [InlineData("Role.{}.Plural")]
    [InlineData("Audit.{}")]
    [InlineData("Language.{}")]
    [InlineData("Entity.{}")]
    [InlineData("Appointment.Type.{}")]
    [InlineData("Appointment.Status.{}")]
    [InlineData("Species.{}")]
    [InlineData("PetSex.{}")]
    [InlineData("PetAlert.{}")]
    [InlineData("Invoice.Status.{}")]
    [InlineData("Payment.Method.{}")]
    [InlineData("Charge.Kind.{}")]
    [InlineData("Outbox.Status.{}")]
    [InlineData("Outbox.Channel.{}")]
    [InlineData("Outbox.Delivery.{}")]
    [InlineData("Ram.Cell.{}")]
    [InlineData("ReminderState.{}")]
    [InlineData("ReminderState.Reach.{}")]
    [InlineData("Conversations.State.{}")]
    [InlineData("Conversations.Kind.{}")]
    [InlineData("Conversations.Outcome.{}")]
    [InlineData("Mud.{}")]
    public void Every_value_of_a_key_family_has_a_text(string family)
    {
        var keys = Families[family].ToList();

        Assert.NotEmpty(keys);
        Assert.DoesNotContain(keys, k => !English.ContainsKey(k));
        Assert.DoesNotContain(keys, k => !Portuguese.ContainsKey(k));
    }

    private static List<string> AuditedEntityNames()
    {
        using var db = new ClinicApp.Data.SqliteClinicDbContext(
            new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<ClinicApp.Data.SqliteClinicDbContext>().UseSqlite("Data Source=:memory:").Options);
        return db.Model.GetEntityTypes()
            .Where(t => !t.IsOwned() && !t.HasSharedClrType && t.ClrType != typeof(AuditEntry) && !typeof(ClinicApp.Data.Common.INotAudited).IsAssignableFrom(t.ClrType))
            .Select(t => ClinicApp.Data.Interceptors.AuditingInterceptor.EntityName(t.ClrType))
            .Distinct()
            .ToList();
    }

    private static List<string> MudBlazorKeys() =>
        new System.Resources.ResourceManager("MudBlazor.Resources.LanguageResource", typeof(MudBlazor.MudLocalizer).Assembly)
            .GetResourceSet(System.Globalization.CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>()
            .Select(entry => $"Mud.{entry.Key}")
            .ToList();

    private static HashSet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    private static readonly string[] SourceProjects = ["ClinicApp", "ClinicApp.Data"];

    /// <summary>The app's and the data layer's sources (domain rules name their messages' keys).</summary>
    private static IEnumerable<string> SourceFiles()
    {
        var separator = Path.DirectorySeparatorChar;
        return SourceProjects.Select(project => Path.Combine(Root, project)).SelectMany(project =>
            Directory.EnumerateFiles(project, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                .Where(f =>
                {
                    var relative = Path.GetRelativePath(project, f);
                    return !relative.StartsWith($"bin{separator}", StringComparison.Ordinal)
                        && !relative.StartsWith($"obj{separator}", StringComparison.Ordinal)
                        && !relative.StartsWith($"Migrations{separator}", StringComparison.Ordinal);
                }));
    }

    /// <summary>All area files of one language as one set of texts (a key repeated across files is
    /// reported by <see cref="No_key_is_in_two_area_files"/>, not here).</summary>
    private static Dictionary<string, string> Union(string culture)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in ResourceAreas.Files.Where(f => f.Culture == culture))
        {
            foreach (var (key, text) in file.Texts)
            {
                texts.TryAdd(key, text);
            }
        }

        return texts;
    }

    [GeneratedRegex("""\b(?:L|l|localizer)\["(?<key>[^"]+)"[\],]""")]
    private static partial Regex LiteralKey();

    [GeneratedRegex(@"new\s+(?:UserAdministrationException|DomainRuleException)\(\s*""(?<key>[^""]+)""")]
    private static partial Regex ExceptionKey();

    [GeneratedRegex("""\b(?:L|l|localizer)\[\$"(?<key>[^"]+)"[\],]""")]
    private static partial Regex InterpolatedKey();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Hole();

    [GeneratedRegex(@"\{\d+(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
