using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Care;
using ClinicApp.Features.Invoices;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Demo;

/// <summary>The hospitalization area of a demo hospital: a medication catalogue, wards and beds, and
/// patients in hospital with running prescriptions (doses given, some late, some not given with reasons),
/// vitals history, notes and exams in every status. Also sizes the board and RAM benchmarks.</summary>
public sealed class ClinicalDemo(int seed)
{
    private static readonly string[] Reasons =
    [
        "Gastroenterite hemorrágica", "Pós-operatório de ovariohisterectomia", "Insuficiência renal crônica agudizada",
        "Pancreatite aguda", "Cetoacidose diabética", "Politraumatismo (atropelamento)", "Obstrução uretral",
        "Intoxicação por organofosforado", "Pneumonia aspirativa", "Hepatopatia", "Desidratação grave",
        "Pós-operatório de osteossíntese", "Crise convulsiva", "Piometra — pós-cirúrgico",
        "Pós-operatório de orquiectomia",

        // Last: only patients of isolation wards have it.
        "Parvovirose",
    ];

    /// <summary>Diagnoses only a female (uterus, ovaries) or only a male (testicles) can have.</summary>
    public static readonly IReadOnlySet<string> FemaleOnlyReasons = new HashSet<string>(StringComparer.Ordinal)
    {
        "Pós-operatório de ovariohisterectomia", "Piometra — pós-cirúrgico",
    };

    public static readonly IReadOnlySet<string> MaleOnlyReasons = new HashSet<string>(StringComparer.Ordinal)
    {
        "Pós-operatório de orquiectomia",
    };

    /// <summary>Bulletins for the tutor: the first after admission, the next once the patient is better.</summary>
    private static readonly string[][] TutorBulletins =
    [
        ["Chegou um pouco abatido, mas já está confortável no leito, com soro e medicação para dor. Vamos acompanhá-lo de perto esta noite.",
         "Passou bem a noite, alimentou-se sozinho e está mais ativo. Seguimos com o antibiótico."],
        ["Os primeiros exames já foram colhidos e ele está estável. Assim que tivermos os resultados, atualizamos por aqui.",
         "Os exames vieram melhores que o esperado. Está comendo ração pastosa e caminhou um pouco no corredor."],
        ["Está tranquilo e aceitou bem a fluidoterapia. A dor está controlada.",
         "Hoje já abanou o rabo para a equipe! Sem vômitos desde ontem; se continuar assim, a alta deve sair em breve."],
    ];

    /// <summary>Home-care instructions of the discharged demo stays.</summary>
    private static readonly string[] HomeCare =
    [
        "Dar o antibiótico (comprimido) de 12 em 12 horas por mais 7 dias, com um pouco de comida. Ração úmida em pequenas porções, 4 vezes ao dia. Evitar escadas e brincadeiras agitadas por uma semana. Retorno em 10 dias para reavaliação; volte antes se houver vômito, falta de apetite ou prostração.",
        "Manter o colar elizabetano até a retirada dos pontos. Limpar a ferida com soro fisiológico uma vez ao dia. Analgésico de 8 em 8 horas por 5 dias. Retorno em 7 dias.",
        "Oferecer água fresca à vontade e a dieta recomendada por 15 dias. Observar se urina normalmente; se fizer força sem urinar, procure o hospital imediatamente. Retorno em 10 dias.",
    ];

    private static readonly string[] Notes =
    [
        "Paciente alerta, aceitou alimentação pastosa.", "Sem episódios de vômito nas últimas 6 h.", "Mucosas normocoradas, TPC < 2 s.",
        "Apresentou dor à palpação abdominal; analgesia reforçada conforme prescrição.", "Urinou espontaneamente.",
        "Fluidoterapia mantida a 5 mL/kg/h.", "Tutor visitou; orientado sobre a evolução.", "Ferida cirúrgica limpa, sem secreção.",
    ];

    private readonly Random _random = new(seed);

    public static List<Medication> Catalogue() =>
    [
        Med("Dipirona 500 mg/mL", "Dipirona sódica", Presentation.Injectable, 500m, DoseRoute.IV, 12.5m, 25m, 4.50m),
        Med("Meloxicam 2 mg/mL", "Meloxicam", Presentation.Injectable, 2m, DoseRoute.SC, 0.1m, 0.2m, 6.00m),
        Med("Tramadol 50 mg/mL", "Cloridrato de tramadol", Presentation.Injectable, 50m, DoseRoute.IV, 2m, 4m, 5.00m),
        Med("Metadona 10 mg/mL", "Cloridrato de metadona", Presentation.Injectable, 10m, DoseRoute.IM, 0.2m, 0.5m, 12.00m),
        Med("Ondansetrona 2 mg/mL", "Ondansetrona", Presentation.Injectable, 2m, DoseRoute.IV, 0.1m, 0.5m, 7.50m),
        Med("Maropitant 10 mg/mL", "Citrato de maropitant", Presentation.Injectable, 10m, DoseRoute.SC, 1m, 1m, 18.00m),
        Med("Omeprazol 40 mg (frasco-ampola)", "Omeprazol sódico", Presentation.Injectable, 4m, DoseRoute.IV, 0.5m, 1m, 9.00m),
        Med("Ceftriaxona 1 g", "Ceftriaxona sódica", Presentation.Injectable, 100m, DoseRoute.IV, 25m, 50m, 14.00m),
        Med("Ampicilina 1 g", "Ampicilina sódica", Presentation.Injectable, 100m, DoseRoute.IV, 20m, 40m, 8.00m),
        Med("Metronidazol 5 mg/mL", "Metronidazol", Presentation.Injectable, 5m, DoseRoute.IV, 10m, 15m, 6.50m),
        Med("Furosemida 10 mg/mL", "Furosemida", Presentation.Injectable, 10m, DoseRoute.IV, 1m, 4m, 3.00m),
        Med("Insulina NPH 100 UI/mL", "Insulina humana NPH", Presentation.Injectable, null, DoseRoute.SC, null, null, 10.00m),
        Med("Amoxicilina + clavulanato 250 mg", "Amoxicilina + ácido clavulânico", Presentation.Tablet, 250m, DoseRoute.PO, 12.5m, 25m, 4.00m),
        Med("Prednisolona 20 mg", "Prednisolona", Presentation.Tablet, 20m, DoseRoute.PO, 0.5m, 2m, 2.50m),
        Med("Sucralfato 100 mg/mL", "Sucralfato", Presentation.OralSuspension, 100m, DoseRoute.PO, 25m, 50m, 3.50m),
        Med("Colírio de tobramicina 0,3%", "Tobramicina", Presentation.Ophthalmic, null, DoseRoute.Ophthalmic, null, null, null),
    ];

    public static (List<Ward> Wards, List<Bed> Beds) Wards(int bedsPerWard = 0)
    {
        var layout = new (string Name, string Code, bool Isolation, int Beds)[]
        {
            ("Internação cães", "C", false, bedsPerWard > 0 ? bedsPerWard : 8),
            ("Internação gatos", "G", false, bedsPerWard > 0 ? bedsPerWard : 5),
            ("UTI", "U", false, bedsPerWard > 0 ? bedsPerWard : 4),
            ("Isolamento", "I", true, bedsPerWard > 0 ? bedsPerWard : 3),
        };
        var wards = new List<Ward>();
        var beds = new List<Bed>();
        for (var w = 0; w < layout.Length; w++)
        {
            var ward = new Ward { Name = layout[w].Name, IsIsolation = layout[w].Isolation, Order = w };
            wards.Add(ward);
            for (var b = 1; b <= layout[w].Beds; b++)
            {
                beds.Add(new Bed { WardId = ward.Id, Name = $"{layout[w].Code}{b:00}", Order = b });
            }
        }

        return (wards, beds);
    }

    public sealed record Generated(
        List<Consultation> Consultations,
        List<Hospitalization> Stays,
        List<Prescription> Prescriptions,
        List<MedicationAdministration> Administrations,
        List<VitalSigns> Vitals,
        List<VitalAlert> Alerts,
        List<ProgressNote> Notes,
        List<ExamRequest> Exams,
        List<Data.Portal.StayBulletin> Bulletins);

    public sealed record Patient(Guid PetId, Guid TutorId, Species Species, decimal? WeightKg, PetSex Sex = PetSex.Unknown);

    /// <summary>The drawn diagnosis, or the next one down the list that the patient's sex allows (no
    /// pyometra in a male dog); the draw itself is kept so the rest of the demo stays as it was.</summary>
    internal static string ReasonFor(Patient patient, int drawn)
    {
        for (var i = 0; ; i++)
        {
            var reason = Reasons[(drawn + i) % (Reasons.Length - 1)];
            var fits = FemaleOnlyReasons.Contains(reason) ? patient.Sex == PetSex.Female
                : !MaleOnlyReasons.Contains(reason) || patient.Sex == PetSex.Male;
            if (fits)
            {
                return reason;
            }
        }
    }

    public sealed record Staff(Guid Id, string Name);

    /// <summary>Stays for <paramref name="patients"/> (one each, in the given beds), admitted up to 4 days
    /// ago, with 1–3 hospital items each and everything recorded up to <paramref name="utcNow"/> as a ward
    /// would have it; <paramref name="discharged"/> more patients have ended stays in the past.</summary>
    /// <param name="isolationWards">Patients in these wards are infectious (biohazard); no one else is.</param>
    public Generated Generate(IReadOnlyList<Patient> patients, IReadOnlyList<Bed> beds, IReadOnlyList<Medication> catalogue, IReadOnlyList<Staff> vets, Staff nurse, int discharged, DateTime utcNow, TimeZoneInfo zone, int maxItems = 3, bool withHistory = true, int[]? everyHours = null, int? durationDays = null, IReadOnlySet<Guid>? isolationWards = null)
    {
        var result = new Generated([], [], [], [], [], [], [], [], []);
        var tolerance = new CareSettings().DoseToleranceMinutes;
        var book = VitalRangeBook.Defaults;
        var dosable = catalogue.Where(m => m.ConcentrationMgPerUnit is not null && m.MaxDoseMgPerKg is not null).ToList();
        for (var i = 0; i < patients.Count; i++)
        {
            var patient = patients[i];
            var active = i >= discharged;
            var bed = active ? beds[(i - discharged) % beds.Count] : null;
            var vet = vets[i % vets.Count];
            var admitted = active
                ? utcNow.AddHours(-_random.Next(6, 96)).AddMinutes(-_random.Next(0, 60))
                : utcNow.AddDays(-_random.Next(8, 60));
            admitted = new DateTime(admitted.Ticks - (admitted.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
            var infectious = bed is not null && isolationWards?.Contains(bed.WardId) == true;
            var reason = infectious ? (patient.Species == Species.Cat ? "Panleucopenia felina" : "Parvovirose") : ReasonFor(patient, _random.Next(Reasons.Length - 1));
            var consultation = new Consultation
            {
                PetId = patient.PetId,
                TutorId = patient.TutorId,
                VeterinarianId = vet.Id,
                StartedAt = admitted.AddMinutes(-40),
                Anamnesis = "Tutor relata prostração e hiporexia há 2 dias.",
                WeightKg = patient.WeightKg,
                TemperatureC = 39.4m,
                HeartRate = patient.Species == Species.Cat ? 200 : 120,
                RespiratoryRate = 32,
                Mucosa = Mucosa.Normal,
                Hydration = Hydration.Mild,
                CapillaryRefillSeconds = 2,
                PainScore = 3,
                Diagnosis = reason,
                Plan = "Internação para fluidoterapia, analgesia e monitoração.",
            };
            consultation.Complete(admitted.AddMinutes(-5));
            result.Consultations.Add(consultation);
            var stay = new Hospitalization
            {
                PetId = patient.PetId,
                TutorId = patient.TutorId,
                ConsultationId = consultation.Id,
                AdmittingVetId = vet.Id,
                ResponsibleVetId = vet.Id,
                Reason = reason,
                Priority = (HospitalizationPriority)_random.Next(0, 4),
                Biohazard = infectious,
            };
            stay.Admit(active ? bed!.Id : null, admitted);
            result.Stays.Add(stay);
            var end = active ? utcNow : admitted.AddDays(_random.Next(1, 5));

            // Prescriptions: each item's whole course, recorded up to now.
            var prescription = new Prescription
            {
                PetId = patient.PetId,
                TutorId = patient.TutorId,
                VeterinarianId = vet.Id,
                ConsultationId = consultation.Id,
                HospitalizationId = stay.Id,
                Kind = PrescriptionKind.Hospital,
                IssuedAt = admitted,
                WeightKg = patient.WeightKg,
            };
            var items = _random.Next(1, maxItems + 1);
            foreach (var medication in dosable.OrderBy(_ => _random.Next()).Take(items))
            {
                var perKg = medication.MaxDoseMgPerKg!.Value;
                var dose = DoseCalculator.Compute(Data.Clinical.DoseMode.PerKg, perKg, patient.WeightKg ?? 10m, medication);
                var choices = everyHours ?? [6, 8, 8, 12, 12, 24];
                var every = choices[_random.Next(choices.Length)];
                var first = admitted.AddMinutes(30);
                var item = new PrescriptionItem
                {
                    PrescriptionId = prescription.Id,
                    MedicationId = medication.Id,
                    MedicationName = medication.Name,
                    DoseMode = Data.Clinical.DoseMode.PerKg,
                    DoseMgPerKg = perKg,
                    DoseMg = dose.DoseMg,
                    DoseVolume = dose.Volume,
                    Route = medication.DefaultRoute,
                    EveryHours = every,
                    DurationDays = durationDays ?? _random.Next(3, 8),
                    FirstDoseAt = first,
                    Instructions = medication.DefaultRoute == DoseRoute.IV ? "Diluir em 10 mL de NaCl 0,9% e aplicar lentamente." : null,
                };
                prescription.Items.Add(item);
                foreach (var dose2 in AdministrationPlan.For(item, stay.Id, patient.PetId, zone))
                {
                    if (!active && dose2.DueAt > end)
                    {
                        dose2.Cancel();
                    }
                    else if (dose2.DueAt.AddMinutes(tolerance) < utcNow)
                    {
                        Record(dose2, item, nurse, utcNow, tolerance, recent: utcNow - dose2.DueAt < TimeSpan.FromHours(3));
                    }

                    result.Administrations.Add(dose2);
                }
            }

            result.Prescriptions.Add(prescription);

            // Vitals every 4 hours, drifting; a few out of range, one critical (acknowledged) now and then.
            if (withHistory)
            {
                for (var t = admitted.AddMinutes(20); t < end; t = t.AddHours(4))
                {
                    var vitals = Vitals(patient, stay, nurse, t);
                    result.Vitals.Add(vitals);
                    var critical = book.Critical(patient.Species, vitals);
                    if (critical.Count > 0)
                    {
                        result.Alerts.Add(new VitalAlert
                        {
                            VitalSignsId = vitals.Id,
                            PetId = patient.PetId,
                            HospitalizationId = stay.Id,
                            RaisedAt = t,
                            Values = string.Join(';', critical.Select(c => FormattableString.Invariant($"{c.Vital}={c.Value}"))),
                            AcknowledgedAt = t.AddMinutes(3),
                            AcknowledgedById = vet.Id,
                            AcknowledgedByName = vet.Name,
                        });
                    }
                }

                for (var n = 0; n < _random.Next(1, 4); n++)
                {
                    var at = admitted.AddHours(2 + (n * 9));
                    if (at < end)
                    {
                        var byVet = n % 2 == 0;
                        result.Notes.Add(new ProgressNote
                        {
                            HospitalizationId = stay.Id,
                            At = at,
                            AuthorId = byVet ? vet.Id : nurse.Id,
                            AuthorName = byVet ? vet.Name : nurse.Name,
                            AuthorRole = byVet ? Data.Identity.Roles.Veterinarian : Data.Identity.Roles.Nurse,
                            Text = Notes[_random.Next(Notes.Length)],
                        });
                    }
                }

                var exam = Exam(stay, vet, admitted, (ExamStatus)(i % 4), nurse);
                // Most results reach the tutor's portal an hour after the lab's; an ultrasound the vet explains in person first.
                if (exam.CompletedAt is { } completed && completed.AddHours(1) < utcNow && exam.ExamType != "Ultrassonografia abdominal")
                {
                    exam.ReleasedToTutorAt = completed.AddHours(1);
                    exam.ReleasedByName = vet.Name;
                }

                result.Exams.Add(exam);

                // What the tutor reads in the portal: picked by position, not drawn, so the rest of the demo
                // (every later draw) stays as it was.
                for (var b = 0; b < 2; b++)
                {
                    var at = admitted.AddHours(3 + (b * 14));
                    if (at < end)
                    {
                        result.Bulletins.Add(new Data.Portal.StayBulletin
                        {
                            HospitalizationId = stay.Id,
                            PetId = patient.PetId,
                            TutorId = patient.TutorId,
                            Text = TutorBulletins[(i + b) % TutorBulletins.Length][b == 0 ? 0 : 1],
                            PublishedAt = at,
                            AuthorId = vet.Id,
                            AuthorName = vet.Name,
                        });
                    }
                }
            }

            if (!active)
            {
                foreach (var item in prescription.Items)
                {
                    item.Suspend(null, end);
                }

                stay.End(HospitalizationStatus.Discharged, "Alta com melhora clínica. Manter medicação oral por 7 dias e retorno em 10 dias.", end);
                stay.DischargeInstructions = HomeCare[i % HomeCare.Length];
            }
        }

        return result;
    }

    public static async Task SaveAsync(ClinicDbContext db, Generated data, CancellationToken ct)
    {
        db.Consultations.AddRange(data.Consultations);
        db.Hospitalizations.AddRange(data.Stays);
        db.Prescriptions.AddRange(data.Prescriptions);
        db.MedicationAdministrations.AddRange(data.Administrations);
        db.VitalSigns.AddRange(data.Vitals);
        db.VitalAlerts.AddRange(data.Alerts);
        db.ProgressNotes.AddRange(data.Notes);
        db.ExamRequests.AddRange(data.Exams);
        db.StayBulletins.AddRange(data.Bulletins);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Seeds a demo hospital's clinical area once (after its front desk).</summary>
    public static async Task SeedAsync(ClinicDbContext db, int seed, DateTime utcNow, TimeZoneInfo zone, CancellationToken ct)
    {
        if (await db.Wards.AnyAsync(ct))
        {
            return;
        }

        var catalogue = Catalogue();
        var (wards, beds) = Wards();
        db.Medications.AddRange(catalogue);
        db.Wards.AddRange(wards);
        db.Beds.AddRange(beds);
        db.CareSettings.Add(new CareSettings());
        await db.SaveChangesAsync(ct);

        var staff = await (from u in db.Users
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           where r.Name == Data.Identity.Roles.Veterinarian || r.Name == Data.Identity.Roles.Nurse
                           orderby u.Email
                           select new { u.Id, u.DisplayName, r.Name }).ToListAsync(ct);
        var vets = staff.Where(s => s.Name == Data.Identity.Roles.Veterinarian).Select(s => new Staff(s.Id, s.DisplayName ?? "")).ToList();
        var nurse = staff.Where(s => s.Name == Data.Identity.Roles.Nurse).Select(s => new Staff(s.Id, s.DisplayName ?? "")).First();
        var random = new Random(seed);
        var active = 10 + (seed * 3 % 9);
        var discharged = 6;
        var candidates = await db.Pets.AsNoTracking()
            .Where(p => !p.Deceased && (p.Species == Species.Dog || p.Species == Species.Cat))
            .OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.TutorId, p.Species, p.Sex, Weight = db.PetWeights.Where(w => w.PetId == p.Id).OrderByDescending(w => w.MeasuredAt).Select(w => (decimal?)w.Kilograms).FirstOrDefault() })
            .ToListAsync(ct);
        var patients = candidates.OrderBy(_ => random.Next()).Take(active + discharged)
            .Select(p => new Patient(p.Id, p.TutorId, p.Species, p.Weight ?? (p.Species == Species.Cat ? 4.2m : 12.5m), p.Sex))
            .ToList();
        var data = new ClinicalDemo(seed).Generate(patients, beds.OrderBy(_ => random.Next()).ToList(), catalogue, vets, nurse, discharged, utcNow, zone,
            isolationWards: wards.Where(w => w.IsIsolation).Select(w => w.Id).ToHashSet());
        await SaveAsync(db, data, ct);
        await BillAsync(db, data, catalogue, zone, ct);
    }

    /// <summary>Posts the stays' care on their invoices as the ward's clicks would have (each dose given,
    /// the days of an ended stay), so the desk's review lists only what a hospital plausibly forgets:
    /// here the days of the latest discharge. Discharged stays were paid at the desk.</summary>
    private static async Task BillAsync(ClinicDbContext db, Generated data, IReadOnlyList<Medication> catalogue, TimeZoneInfo zone, CancellationToken ct)
    {
        var perDose = catalogue.Where(m => m.PricePerDose is not null).ToDictionary(m => m.Id, m => m.PricePerDose!.Value);
        var daily = await db.PriceItems.AsNoTracking().Where(p => p.Kind == ChargeKind.HospitalizationDay && p.IsActive).OrderBy(p => p.Name).FirstOrDefaultAsync(ct);
        var number = await db.Invoices.MaxAsync(i => (int?)i.Number, ct) ?? 1000;
        var items = data.Prescriptions.SelectMany(p => p.Items).ToDictionary(i => i.Id);
        var forgotten = data.Stays.Where(s => s.EndedAt is not null).MaxBy(s => s.EndedAt);
        foreach (var stay in data.Stays)
        {
            var invoice = new Invoice { TutorId = stay.TutorId, PetId = stay.PetId, VisitKey = CareCharges.StayVisitKey(stay.Id), IssuedAt = stay.AdmittedAt };
            foreach (var dose in data.Administrations.Where(a => a.HospitalizationId == stay.Id && a.Status == AdministrationStatus.Given).OrderBy(a => a.RecordedAt))
            {
                var item = items[dose.PrescriptionItemId];
                if (item.MedicationId is { } medication && perDose.TryGetValue(medication, out var price))
                {
                    var description = CareCharges.DoseDescription(item.MedicationName, item.DoseMg, HospitalTime.ToLocal(dose.RecordedAt!.Value, zone));
                    invoice.AddItem(description, ChargeKind.Medication, 1, price, sourceKey: CareCharges.DoseKey(dose.Id));
                }
            }

            if (stay.EndedAt is { } ended && daily is not null && stay != forgotten)
            {
                invoice.AddItem(daily.Name, daily.Kind, CareCharges.StayDays(stay.AdmittedAt, ended), daily.Price, daily.Id, CareCharges.StayKey(stay.Id));
                invoice.Pay(PaymentMethod.Pix, invoice.Total, ended.AddMinutes(30), $"E{number + 1:D8}{stay.AdmittedAt:MMddHHmm}", null);
            }

            if (invoice.Items.Count > 0)
            {
                invoice.Number = ++number;
                db.Invoices.Add(invoice);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>A hospital under load for the board and RAM benchmarks: <paramref name="stays"/> patients
    /// in hospital (their tutors and pets made here) with about 150 scheduled doses each (3–4 items every
    /// 3–6 hours for 10 days), the first hours to days of the course recorded.</summary>
    public static async Task<Generated> SeedLoadAsync(ClinicDbContext db, int stays, IReadOnlyList<Staff> vets, Staff nurse, DateTime utcNow, TimeZoneInfo zone, CancellationToken ct)
    {
        var people = new FrontDeskDemo(11).Generate(new FrontDeskDemoSize(Tutors: stays, PastDays: 0, FutureDays: 0, AppointmentsPerVetDay: 0), vets.Select(v => v.Id).ToList(), DateOnly.FromDateTime(HospitalTime.ToLocal(utcNow, zone)), zone, utcNow);
        await FrontDeskDemo.SaveAsync(db, people, ct);
        db.ChangeTracker.Clear();
        var catalogue = Catalogue();
        var (wards, beds) = Wards(bedsPerWard: (stays / 4) + 1);
        db.Medications.AddRange(catalogue);
        db.Wards.AddRange(wards);
        db.Beds.AddRange(beds);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        var weights = people.Weights.GroupBy(w => w.PetId).ToDictionary(g => g.Key, g => g.OrderBy(w => w.MeasuredAt).Last().Kilograms);
        var patients = people.Pets.Take(stays)
            .Select(p => new Patient(p.Id, p.TutorId, p.Species, weights.TryGetValue(p.Id, out var kg) ? kg : 10m, p.Sex)).ToList();
        var data = new ClinicalDemo(5).Generate(patients, beds, catalogue, vets, nurse, discharged: 0, utcNow, zone, maxItems: 4, withHistory: true, everyHours: [3, 4, 6], durationDays: 10);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await SaveAsync(db, data, ct);
        db.ChangeTracker.Clear();
        return data;
    }

    private static Medication Med(string name, string ingredient, Presentation presentation, decimal? concentration, DoseRoute route, decimal? min, decimal? max, decimal? price) =>
        new()
        {
            Name = name,
            ActiveIngredient = ingredient,
            Presentation = presentation,
            ConcentrationMgPerUnit = concentration,
            DefaultRoute = route,
            MinDoseMgPerKg = min,
            MaxDoseMgPerKg = max,
            PricePerDose = price,
        };

    private void Record(MedicationAdministration dose, PrescriptionItem item, Staff nurse, DateTime utcNow, int tolerance, bool recent)
    {
        var roll = _random.Next(100);

        // A few recent doses are still open: they show as late on the RAM and the board.
        if (recent && roll < 25)
        {
            return;
        }

        if (roll < 88)
        {
            var givenAt = dose.DueAt.AddMinutes(_random.Next(-10, roll < 80 ? tolerance : tolerance * 3));
            dose.Give(item.DoseMg, Min(givenAt, utcNow), nurse.Id, nurse.Name);
            return;
        }

        var outcome = roll < 93 ? AdministrationStatus.Held : roll < 97 ? AdministrationStatus.Refused : AdministrationStatus.Missed;
        var recordedAt = dose.DueAt.AddMinutes(_random.Next(0, tolerance));
        var (reason, note) = outcome switch
        {
            AdministrationStatus.Held => (NotGivenReason.Vomiting, "Vomitou às vésperas da dose; veterinário avisado."),
            AdministrationStatus.Refused => (NotGivenReason.PatientRefused, RefusalNote(item.Route)),
            _ => (NotGivenReason.PatientAway, "Paciente em exame de imagem no horário."),
        };
        dose.MarkNotGiven(outcome, reason, note, Min(recordedAt, utcNow), nurse.Id, nurse.Name);
    }

    /// <summary>What a nurse writes when the patient would not take a dose: it depends on how it is
    /// given (a tablet is spat out; an injection is fought off).</summary>
    public static string RefusalNote(DoseRoute route) => route switch
    {
        DoseRoute.PO => "Não aceitou o comprimido, nem em petisco.",
        DoseRoute.IV or DoseRoute.IM or DoseRoute.SC => "Paciente muito agitado, não permitiu a contenção para a aplicação; veterinário avisado.",
        DoseRoute.Ophthalmic or DoseRoute.Otic => "Não permitiu a aplicação, balançou a cabeça e se esquivou.",
        _ => "Paciente não permitiu a administração; veterinário avisado.",
    };

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private VitalSigns Vitals(Patient patient, Hospitalization stay, Staff nurse, DateTime at)
    {
        var cat = patient.Species == Species.Cat;
        var spike = _random.Next(100);
        return new VitalSigns
        {
            PetId = patient.PetId,
            HospitalizationId = stay.Id,
            TakenAt = at,
            TakenById = nurse.Id,
            TakenByName = nurse.Name,
            HeartRate = (cat ? 170 : 100) + _random.Next(-25, 40),
            RespiratoryRate = (cat ? 28 : 22) + _random.Next(-6, 12),
            TemperatureC = decimal.Round(38.4m + ((decimal)_random.NextDouble() * 1.4m) - 0.5m + (spike < 3 ? 2.2m : 0m), 1),
            SpO2 = 94 + _random.Next(0, 6),
            Systolic = 115 + _random.Next(-15, 30),
            Diastolic = 70 + _random.Next(-10, 20),
            MeanArterial = 90 + _random.Next(-10, 20),
            PainScore = _random.Next(0, 5),
        };
    }

    private ExamRequest Exam(Hospitalization stay, Staff vet, DateTime admitted, ExamStatus status, Staff nurse)
    {
        var types = new[] { "Hemograma completo", "Bioquímico (ureia, creatinina, ALT, FA)", "Ultrassonografia abdominal", "Raio-X de tórax", "Urinálise" };
        var exam = new ExamRequest
        {
            PetId = stay.PetId,
            TutorId = stay.TutorId,
            ConsultationId = stay.ConsultationId,
            HospitalizationId = stay.Id,
            RequestedById = vet.Id,
            ExamType = types[_random.Next(types.Length)],
            ClinicalNotes = "Avaliar evolução.",
            RequestedAt = admitted.AddMinutes(15),
        };
        if (status >= ExamStatus.Collected)
        {
            exam.ChangeStatus(ExamStatus.Collected, admitted.AddHours(1), nurse.Name);
        }

        if (status >= ExamStatus.InAnalysis)
        {
            exam.ChangeStatus(ExamStatus.InAnalysis, admitted.AddHours(2), nurse.Name);
        }

        if (status == ExamStatus.Completed)
        {
            exam.ResultText = "Leucocitose discreta com neutrofilia. Demais parâmetros dentro da normalidade.";
            exam.ChangeStatus(ExamStatus.Completed, admitted.AddHours(5), "Laboratório");
        }

        return exam;
    }
}
