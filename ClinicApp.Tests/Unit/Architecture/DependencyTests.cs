namespace ClinicApp.Tests.Unit.Architecture;

/// <summary>The house plan, read from the compiled app: which part may use which. A feature is a folder
/// (and namespace) under <c>Features/</c>; features use each other only in the directions listed in
/// <see cref="Allowed"/>, and those directions never form a cycle. Below the features sit the shared
/// parts — <c>Common</c> (kernel types), <c>Components/Shared</c> (UI pieces), <c>Infrastructure</c>
/// (adapters to the outside) and <c>Tenancy</c> — which use no feature at all. Only the composition root
/// (<c>Program</c>), the UI shell (<c>Components</c> layout and pages) and <c>Demo</c> see every feature.
/// A new cross-feature reference fails here: either it goes through something the lower feature
/// declares (an observer interface, a slot, a timeline source) or its direction joins the table.</summary>
public sealed class DependencyTests
{
    /// <summary>Every feature-to-feature direction the code may take, with why. Lower areas declare
    /// observer interfaces and slots; higher ones implement or fill them.</summary>
    private static readonly Dictionary<(string From, string To), string> Allowed = new()
    {
        [("Users", "Account")] = "user changes tell open circuits to re-check the user",
        [("Tutors", "Pets")] = "the tutor page lists the tutor's pets and adds one",
        [("Agenda", "Pets")] = "booking picks the pet; appointments on the pet's timeline",
        [("Agenda", "Tutors")] = "booking finds the tutor; the tutor page's appointments (slot)",
        [("Vaccinations", "Pets")] = "the pet page's vaccinations (slot) and timeline",
        [("Vaccinations", "Agenda")] = "the next dose is booked as an appointment",
        [("Settings", "Agenda")] = "opening hours and the agenda grid are settings",
        [("Settings", "Account")] = "the settings page holds the sign-in security card",
        [("Settings", "Messaging")] = "the integrations page holds the WhatsApp (Twilio) account card",
        [("Consultations", "Agenda")] = "a consultation starts from an appointment (slot)",
        [("Consultations", "Pets")] = "the walk-in (slot), the patient's facts, the timeline",
        [("Consultations", "Exams")] = "exams requested from the consultation",
        [("Consultations", "Prescriptions")] = "prescribing from the consultation",
        [("Consultations", "Hospitalizations")] = "admitting from the consultation",
        [("Prescriptions", "Medications")] = "items are picked from the catalogue",
        [("Prescriptions", "Pets")] = "prescriptions on the pet's timeline",
        [("Exams", "Notifications")] = "a completed exam notifies the vet who asked",
        [("Hospitalizations", "Pets")] = "stays on the pet's timeline",
        [("Hospitalizations", "Agenda")] = "the stay header uses the agenda's species look",
        [("Hospitalizations", "Board")] = "the stay header uses the board's priority colours",
        [("Hospitalizations", "Exams")] = "the stay page shows its exams",
        [("Hospitalizations", "Prescriptions")] = "the stay page shows its prescriptions",
        [("Hospitalizations", "Ram")] = "the stay page shows its day grid of doses",
        [("Hospitalizations", "Vitals")] = "the stay page shows its vitals",
        [("Board", "Agenda")] = "cards use the agenda's species and alert icons",
        [("Invoices", "Tutors")] = "a new invoice finds the tutor; the tutor's open balance (slot)",
        [("Invoices", "Pets")] = "invoices on the pet's timeline; a new invoice picks the pet",
        [("Invoices", "Agenda")] = "completed appointments are charged (observer)",
        [("Invoices", "Exams")] = "completed exams are charged (observer)",
        [("Invoices", "Hospitalizations")] = "ended stays are charged (observer)",
        [("Invoices", "Ram")] = "doses given are charged (observer)",
        [("Payments", "Invoices")] = "online payments are recorded on the invoice; the payment link (slot)",
        [("Payments", "Settings")] = "the hospital's Stripe account is an integration setting",
        [("Reminders", "Agenda")] = "an appointment's move or cancel cancels its pending reminders in the same save (participant)",
        [("Reminders", "Messaging")] = "reminders are WhatsApp messages: templates, reach, outbox, the Twilio settings",
        [("Home", "Agenda")] = "the desk's and the vet's day",
        [("Home", "Board")] = "the vet's patients in hospital",
        [("Home", "Consultations")] = "the vet's way into consultations",
        [("Home", "Hospitalizations")] = "the vet's patients in hospital",
        [("Home", "Ram")] = "the nurse's home is the RAM",
        [("Reports", "Agenda")] = "the Today page's attendance report download (slot)",
        [("Reports", "Messaging")] = "reminders' reach counts the tutors the reminder rule cannot reach",
        [("Payments", "Messaging")] = "the desk sends the payment link by WhatsApp",
        [("Exams", "Messaging")] = "a completed exam tells the tutor by WhatsApp",
        [("Hospitalizations", "Messaging")] = "a discharge sends the tutor the follow-up by WhatsApp",
        [("Replies", "Messaging")] = "replies are checked with the hospital's Twilio signature and read its phone format",
        [("Replies", "Agenda")] = "a confirm or cancel by WhatsApp takes the desk's status path (slots freed, agendas told)",
        [("Replies", "Notifications")] = "free text and late answers are notified to reception",
        [("Conversations", "Agenda")] = "the reminder state on the agenda's cards and dialog (IAppointmentMarks)",
        [("Conversations", "Messaging")] = "the WhatsApp outbox, its events and who can be reached",
        [("Conversations", "Tutors")] = "the tutor page's WhatsApp messages (slot)",
        [("Backups", "Home")] = "the admin home's last-backup card (slot)",
        [("Analytics", "Invoices")] = "revenue at risk is the invoices page's charges to review; production per vet finds a visit's invoice by its visit key (CareCharges); the dashboard reloads, and its cache goes stale, when an invoice changes (InvoiceChanged)",
        [("Analytics", "Reports")] = "the agenda figures count attended appointments by the attendance report's rule",
        [("Analytics", "Agenda")] = "the dashboard reloads, and its cache goes stale, when an appointment changes (AppointmentChanged)",
        [("Portal", "Tutors")] = "the tutor card's portal state and invite button (slot)",
        [("Portal", "Account")] = "the set-password page is throttled like the sign-in; a new password re-checks the account's open screens (UserChanged)",
        [("Portal", "Messaging")] = "the invitation goes by WhatsApp too when the tutor can be reached there",
        [("Portal", "Pets")] = "the tutor's pets use the pet page's facts, alert chips and weight chart, live on pet record changes",
        [("Portal", "Prescriptions")] = "the tutor's receituários, printed by the prescription's own document",
        [("Portal", "Exams")] = "released exam results and their files, live on release",
        [("Portal", "Invoices")] = "the tutor's invoices, their PDFs and receipts, live on invoice changes",
        [("Portal", "Payments")] = "pay now opens the invoice's payment link",
        [("Portal", "Hospitalizations")] = "the stay's bulletins for the tutor, live when one is published",
        [("Portal", "Agenda")] = "the stay page uses the agenda's species look",
        [("OnlineBooking", "Portal")] = "the tutor from PortalAccess; the next appointment on the portal home (slot)",
        [("OnlineBooking", "Agenda")] = "online booking, confirming and cancelling go through the agenda's own core; its vets and looks",
        [("OnlineBooking", "Settings")] = "the online booking card on the settings page (slot)",
        [("Privacy", "Portal")] = "the My data page takes the tutor from PortalAccess",
        [("Privacy", "Tutors")] = "consents change by the tutors' consent rule; the tutor page's privacy section (slot)",
        [("Privacy", "Settings")] = "the privacy notice card on the settings page (slot)",
        [("Privacy", "Account")] = "an erased tutor's open screens close at once (UserChanged)",
        [("Privacy", "Messaging")] = "erasure finds the tutor's WhatsApp messages by the number format they were sent to",
        [("Replies", "Tutors")] = "a SAIR withdraws the reminders consent by the tutors' consent rule (history in the same save)",
        [("Analytics", "Ram")] = "the care section's RAM adherence follows the RAM's rules (AdherenceCalculator, ShiftClock, the care settings)",
    };

    /// <summary>Shared by every feature, using none: the clinical kernel (events, dose schedules, vital ranges).</summary>
    private static readonly HashSet<string> Kernel = ["Care"];

    private static readonly Lazy<List<Reference>> References = new(Read);

    [Fact]
    public void Infrastructure_tenancy_and_the_shared_parts_use_no_feature()
    {
        var offending = References.Value
            .Where(r => r.From.Layer is "Infrastructure" or "Tenancy" or "Common" or "Components.Shared" or "ClinicApp"
                        && r.To.Layer is "Features" or "Demo")
            .Select(r => r.ToString())
            .Distinct();

        Assert.Empty(offending);
    }

    [Fact]
    public void No_feature_uses_the_demo_data_or_the_ui_shell()
    {
        var offending = References.Value
            .Where(r => r.From.Layer == "Features" && r.To.Layer is "Demo" or "Components")
            .Select(r => r.ToString())
            .Distinct();

        Assert.Empty(offending);
    }

    [Fact]
    public void The_kernel_feature_uses_no_other_feature()
    {
        var offending = FeatureEdges().Where(e => Kernel.Contains(e.Key.From)).Select(e => $"{e.Key.From} -> {e.Key.To}: {e.Value}");

        Assert.Empty(offending);
    }

    [Fact]
    public void Features_use_each_other_only_in_the_directions_the_table_allows()
    {
        var unexpected = FeatureEdges()
            .Where(e => !Kernel.Contains(e.Key.To) && !Allowed.ContainsKey(e.Key))
            .Select(e => $"{e.Key.From} -> {e.Key.To}: {e.Value}")
            .ToList();

        // The whole list: each line is a direction to justify in the table or a reference to turn around.
        Assert.True(unexpected.Count == 0, string.Join('\n', unexpected));
    }

    [Fact]
    public void Every_allowed_direction_is_still_used()
    {
        var edges = FeatureEdges();

        Assert.Empty(Allowed.Keys.Where(k => !edges.ContainsKey(k)).Select(k => $"{k.From} -> {k.To}"));
    }

    [Fact]
    public void The_allowed_directions_form_no_cycle()
    {
        var next = Allowed.Keys.GroupBy(k => k.From).ToDictionary(g => g.Key, g => g.Select(k => k.To).ToList());
        var state = new Dictionary<string, bool>(); // false: on the current path; true: done
        var path = new Stack<string>();
        string? cycle = null;

        bool Visit(string feature)
        {
            if (state.TryGetValue(feature, out var done))
            {
                if (!done)
                {
                    cycle = string.Join(" -> ", path.Reverse().SkipWhile(f => f != feature).Append(feature));
                }

                return done;
            }

            state[feature] = false;
            path.Push(feature);
            foreach (var to in next.GetValueOrDefault(feature, []))
            {
                if (!Visit(to))
                {
                    return false;
                }
            }

            path.Pop();
            state[feature] = true;
            return true;
        }

        foreach (var feature in next.Keys)
        {
            if (!Visit(feature))
            {
                break;
            }
        }

        Assert.Null(cycle);
    }

    [Fact]
    public void The_reader_sees_references_in_method_bodies_and_razor_markup()
    {
        // Guards the test itself: PaymentLinks news up an EmailDraft only inside a method body, and the
        // tutor page renders the Pets area's PetDialog only from its markup.
        Assert.Contains(References.Value, r => r.FromType == "PaymentLinks" && r.ToType == "EmailDraft");
        Assert.Contains(References.Value, r => r.FromType == "TutorPage" && r.ToType == "PetAlertChips");
    }

    private static Dictionary<(string From, string To), string> FeatureEdges() =>
        References.Value
            .Where(r => r.From.Layer == "Features" && r.To.Layer == "Features" && r.From.Name != r.To.Name)
            .GroupBy(r => (r.From.Name, r.To.Name))
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(r => $"{r.FromType}->{r.ToType}").Distinct().Order(StringComparer.Ordinal).Take(6)));

    private static List<Reference> Read()
    {
        var app = typeof(Program).Assembly;
        var references = new List<Reference>();
        foreach (var type in app.GetTypes())
        {
            var owner = TypeReferences.Owner(type);
            if (Part.Of(owner) is not { } from)
            {
                continue;
            }

            foreach (var target in TypeReferences.Of(type).Where(t => t.Assembly == app))
            {
                var targetOwner = TypeReferences.Owner(target);
                if (Part.Of(targetOwner) is { } to && to != from)
                {
                    references.Add(new Reference(from, to, owner.Name, targetOwner.Name));
                }
            }
        }

        return references;
    }

    private sealed record Reference(Part From, Part To, string FromType, string ToType)
    {
        public override string ToString() => $"{FromType} ({From}) -> {ToType} ({To})";
    }

    /// <summary>Where a type lives: a layer, and for features the feature's name.</summary>
    private sealed record Part(string Layer, string Name)
    {
        public static Part? Of(Type type)
        {
            var ns = type.Namespace;
            if (ns is null || !(ns == "ClinicApp" || ns.StartsWith("ClinicApp.", StringComparison.Ordinal)))
            {
                return null;
            }

            var parts = ns.Split('.');
            return parts switch
            {
                ["ClinicApp"] => new Part("ClinicApp", "ClinicApp"),
                ["ClinicApp", "Features", var feature, ..] => new Part("Features", feature),
                ["ClinicApp", "Components", "Shared", ..] => new Part("Components.Shared", "Shared"),
                ["ClinicApp", var layer, ..] => new Part(layer, layer),
                _ => null,
            };
        }

        public override string ToString() => Layer == "Features" ? $"Features.{Name}" : Layer;
    }
}
