using System.Xml.Linq;

namespace ClinicApp.Tests.Unit.Localization;

/// <summary>Where each text lives: a key's first segment names the area file that holds it,
/// ClinicApp/Resources/&lt;Area&gt;.resx and &lt;Area&gt;.pt-BR.resx. A new prefix gets a line here.</summary>
internal static class ResourceAreas
{
    /// <summary>The texts of the whole app rather than of one feature.</summary>
    public const string App = "App";

    /// <summary>The printed documents' shared texts (see AreaResourceLocalizer for why they are apart).</summary>
    public const string Pdf = "Pdf";

    public static readonly IReadOnlyDictionary<string, string> OfPrefix = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AccessDenied"] = App,
        ["Audit"] = App,
        ["Charts"] = App,
        ["Common"] = App,
        ["Entity"] = App,
        ["Error"] = App,
        ["Landing"] = App,
        ["Language"] = App,
        ["Mud"] = App,
        ["Nav"] = App,
        ["NotFound"] = App,
        ["Role"] = App,
        ["Table"] = App,
        ["Unavailable"] = App,
        ["UserMenu"] = App,
        ["Validation"] = App,

        ["Pdf"] = Pdf,

        ["Login"] = "Account",
        ["Password"] = "Account",
        ["TwoFactor"] = "Account",
        ["Security"] = "Account",

        ["Analytics"] = "Analytics",

        ["Agenda"] = "Agenda",
        ["Appointment"] = "Agenda",
        ["Today"] = "Agenda",

        ["Backups"] = "Backups",

        ["Board"] = "Board",

        ["Export"] = "Export",

        ["Consultation"] = "Consultations",

        ["Conversations"] = "Conversations",
        ["ReminderState"] = "Conversations",

        ["Exam"] = "Exams",
        ["Exams"] = "Exams",

        ["Home"] = "Home",

        ["Admit"] = "Hospitalizations",
        ["Hospitalization"] = "Hospitalizations",
        ["Stay"] = "Hospitalizations",
        ["Wards"] = "Hospitalizations",

        ["Charge"] = "Invoices",
        ["Invoice"] = "Invoices",
        ["Invoices"] = "Invoices",
        ["Prices"] = "Invoices",

        ["Medications"] = "Medications",
        ["Presentation"] = "Medications",

        ["Notifications"] = "Notifications",

        ["Portal"] = "Portal",
        ["Bulletin"] = "Portal",

        ["Booking"] = "OnlineBooking",
        ["OnlineBooking"] = "OnlineBooking",

        ["Privacy"] = "Privacy",
        ["Consent"] = "Privacy",
        ["Erasure"] = "Privacy",
        ["MyData"] = "Privacy",

        ["Invite"] = "Account",

        ["Pay"] = "Payments",
        ["Payment"] = "Payments",
        ["PaymentLink"] = "Payments",
        ["Payments"] = "Payments",

        ["PetAlert"] = "Pets",
        ["PetSex"] = "Pets",
        ["Pets"] = "Pets",
        ["Species"] = "Pets",
        ["Timeline"] = "Pets",

        ["DoseRoute"] = "Prescriptions",
        ["Prescription"] = "Prescriptions",
        ["PrescriptionItemStatus"] = "Prescriptions",
        ["PrescriptionKind"] = "Prescriptions",
        ["Prescriptions"] = "Prescriptions",

        ["Replies"] = "Replies",

        ["AdministrationStatus"] = "Ram",
        ["CareSettings"] = "Ram",
        ["NotGivenReason"] = "Ram",
        ["Ram"] = "Ram",

        ["Reminders"] = "Reminders",
        ["Templates"] = "Reminders",

        ["Email"] = "Settings",
        ["Integrations"] = "Settings",
        ["Outbox"] = "Settings",
        ["Settings"] = "Settings",

        ["Reports"] = "Reports",

        ["Tutors"] = "Tutors",

        ["Users"] = "Users",

        ["Vaccinations"] = "Vaccinations",

        ["Alerts"] = "Vitals",
        ["Hydration"] = "Vitals",
        ["Mucosa"] = "Vitals",
        ["Vital"] = "Vitals",
        ["VitalRanges"] = "Vitals",
        ["Vitals"] = "Vitals",
    };

    public static readonly string RepositoryRoot = FindRepositoryRoot();

    public static readonly string Folder = Path.Combine(RepositoryRoot, "ClinicApp", "Resources");

    /// <summary>Every resource file on disk, neutral (English, Culture "") and translated.</summary>
    public static readonly IReadOnlyList<AreaFile> Files = [.. Directory.EnumerateFiles(Folder, "*.resx")
        .Order(StringComparer.Ordinal)
        .Select(AreaFile.Load)];

    /// <summary>The area a key belongs in, or null when its prefix has no line in the table.</summary>
    public static string? Of(string key) =>
        OfPrefix.TryGetValue(key.Split('.')[0], out var area) ? area : null;

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ClinicApp.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ClinicApp.sln not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>One resource file: "Agenda.pt-BR.resx" is area Agenda, culture pt-BR; "Agenda.resx" the neutral one.</summary>
internal sealed record AreaFile(string Area, string Culture, string Name, IReadOnlyDictionary<string, string> Texts)
{
    public static AreaFile Load(string path)
    {
        var name = Path.GetFileName(path);
        var parts = Path.GetFileNameWithoutExtension(path).Split('.', 2);
        var texts = XDocument.Load(path).Root!.Elements("data")
            .Where(d => d.Attribute("type") is null)
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);
        return new AreaFile(parts[0], parts.Length > 1 ? parts[1] : "", name, texts);
    }
}
