using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Care;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Pets;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Demo;

/// <summary>How much older history to make up: the agenda's volume per vet and day (before the season's and the
/// weekday's swing), admissions per day, new tutors per month and the size of a stay's prescription.</summary>
public sealed record AnalyticsDemoSize(
    int AppointmentsPerVetDay,
    double StaysPerDay,
    int NewTutorsPerMonth,
    double MeanStayDays,
    int MaxItemsPerStay,
    int[] EveryHours,
    bool WithSlots)
{
    /// <summary>A small hospital's year: about 700 appointments, 60 admissions and 25 new tutors a month.</summary>
    public static AnalyticsDemoSize Demo { get; } = new(9, 2.0, 25, 3.0, 3, [6, 8, 8, 12, 12, 24], WithSlots: true);
}

/// <summary>The older history analytics needs (from <c>months</c> back up to where the demo agenda begins): past
/// appointments (completed, no-shows, cancellations) with the pattern a vet would believe — busier in the summer
/// holidays and July, on Mondays, quiet on Sundays, no-shows most on Monday mornings and Saturdays —; each attended
/// visit fully billed (items of every kind, some discounts, every payment method, a few split or paid late, a few
/// still open), past stays in the wards' beds with their doses (mostly on time, some late, a few not given) billed
/// per dose and per day, earlier vaccine doses, and tutors and pets that arrived over the year. Nothing of it is
/// "to review", due today, or a reminder to send: it is over. Deterministic for a seed; also sizes the analytics
/// benchmark's two-year hospital.</summary>
public sealed class AnalyticsDemo(int seed)
{
    private static readonly string[] Summaries =
    [
        "Alta com melhora clínica. Manter medicação oral por 7 dias e retorno em 10 dias.",
        "Alta hospitalar: paciente estável, alimentando-se bem. Retorno em 7 dias para reavaliação.",
        "Alta com orientações de repouso e cuidados com a ferida cirúrgica. Retirada de pontos em 10 dias.",
    ];

    private static readonly string[] CancelReasons = ["Tutor pediu para remarcar", "Tutor viajou", "Pet melhorou, tutor cancelou", "Conflito de horário do tutor"];

    private readonly Random _random = new(seed);

    public sealed record Patient(Guid PetId, Guid TutorId, Species Species, PetSex Sex, decimal WeightKg);

    public sealed record BedInWard(Guid BedId, Guid WardId, bool Isolation, string WardName);

    /// <summary>What the hospital already has that the history uses.</summary>
    public sealed record World(
        IReadOnlyList<Guid> Vets,
        ClinicalDemo.Staff Nurse,
        IReadOnlyList<Room> Rooms,
        IReadOnlyList<BedInWard> Beds,
        IReadOnlyList<Medication> Catalogue,
        IReadOnlyList<PriceItem> Prices,
        IReadOnlyList<Patient> Patients,
        IReadOnlySet<(Guid PetId, string Vaccine)> Vaccines,
        TimeZoneInfo Zone);

    /// <summary>One month (or the billing of the agenda's older part) to write in one go.</summary>
    public sealed class Batch
    {
        public List<Appointment> Appointments { get; } = [];

        public List<Invoice> Invoices { get; } = [];

        public List<Hospitalization> Stays { get; } = [];

        public List<Prescription> Prescriptions { get; } = [];

        public List<MedicationAdministration> Doses { get; } = [];

        public List<Vaccination> Vaccinations { get; } = [];

        public int Rows => Appointments.Count + Invoices.Count + Stays.Count + Doses.Count + Vaccinations.Count;
    }

    /// <summary>Tutors and pets who arrive during the history (first visit on <see cref="Joined"/>).</summary>
    public sealed record Newcomers(List<Tutor> Tutors, List<Pet> Pets, List<PetWeight> Weights, Dictionary<Guid, DateOnly> Joined);

    private readonly Dictionary<Guid, DateTime> _bedFreeFrom = [];
    private readonly HashSet<(Guid, string)> _vaccinated = [];
    private int _number;

    /// <summary>Makes <paramref name="count"/> tutors (with their pets) arriving spread over [<paramref name="from"/>,
    /// <paramref name="until"/>), more in busy months; CPFs in <paramref name="takenCpfs"/> are skipped.</summary>
    public Newcomers NewTutors(int count, DateOnly from, DateOnly until, IReadOnlyList<Guid> vets, DateOnly today, TimeZoneInfo zone, DateTime utcNow, IReadOnlySet<string> takenCpfs, int microchipBase)
    {
        var made = new FrontDeskDemo(seed + 1000).Generate(new FrontDeskDemoSize(count, 0, 0, 0), vets, today, zone, utcNow);
        var tutors = made.Tutors.Where(t => t.Cpf is null || !takenCpfs.Contains(t.Cpf)).ToList();
        var kept = tutors.Select(t => t.Id).ToHashSet();
        var pets = made.Pets.Where(p => kept.Contains(p.TutorId)).ToList();
        var joined = JoinDays(tutors.Select(t => t.Id), from, until);

        var n = microchipBase;
        foreach (var pet in pets)
        {
            // The front-desk generator numbers microchips from 0 in each run: these must not repeat the agenda's pets'.
            pet.Microchip = pet.Microchip is null ? null : $"986{n++:D12}";
            pet.SearchText = PetService.SearchTextOf(pet);
            joined[pet.Id] = joined[pet.TutorId];
            if (pet.Deceased && pet.DeceasedOn < joined[pet.Id].AddDays(30))
            {
                pet.Deceased = false;
                pet.DeceasedOn = null;
            }
        }

        var petsOf = pets.ToLookup(p => p.TutorId, p => p.SearchText);
        foreach (var tutor in tutors)
        {
            tutor.SearchText = TutorSearchText.Of(tutor, petsOf[tutor.Id]);
        }

        // Weighed at visits after they arrived, not before.
        var weights = made.Weights.Where(w => joined.TryGetValue(w.PetId, out var j) && DateOnly.FromDateTime(w.MeasuredAt) >= j).ToList();
        return new Newcomers(tutors, pets, weights, joined);
    }

    /// <summary>A day of arrival for each tutor, spread over [<paramref name="from"/>, <paramref name="until"/>) with
    /// the season (rejection sampling: more in the summer holidays and July), never a Sunday.</summary>
    public Dictionary<Guid, DateOnly> JoinDays(IEnumerable<Guid> tutors, DateOnly from, DateOnly until)
    {
        var joined = new Dictionary<Guid, DateOnly>();
        var span = until.DayNumber - from.DayNumber;
        foreach (var tutor in tutors)
        {
            DateOnly day;
            do
            {
                day = from.AddDays(_random.Next(Math.Max(1, span)));
            }
            while (_random.NextDouble() * 1.2 > MonthFactor(day.Month) || day.DayOfWeek == DayOfWeek.Sunday);

            joined[tutor] = day;
        }

        return joined;
    }

    /// <summary>The history from <paramref name="from"/>, one batch per month: appointments up to (not including)
    /// <paramref name="until"/>, stays (which the agenda does not hold) up to <paramref name="staysUntil"/>. A pet
    /// comes only from the day its tutor arrived (<paramref name="joined"/>; absent: there from the start).</summary>
    public IEnumerable<Batch> Generate(World world, AnalyticsDemoSize size, DateOnly from, DateOnly until, DateOnly staysUntil, DateTime utcNow, int firstInvoiceNumber, IReadOnlyDictionary<Guid, DateOnly> joined, Newcomers? newcomers = null)
    {
        _number = firstInvoiceNumber;
        foreach (var key in world.Vaccines)
        {
            _vaccinated.Add(key);
        }

        var everyone = world.Patients
            .Concat(newcomers?.Pets.Where(p => !p.Deceased).Select(p => new Patient(p.Id, p.TutorId, p.Species, p.Sex, 0m)) ?? [])
            .Select(p => (Day: joined.TryGetValue(p.TutorId, out var day) ? day : DateOnly.MinValue, Patient: p))
            .OrderBy(a => a.Day).ToList();
        var present = new List<Patient>();
        var next = 0;
        var tolerance = new CareSettings().DoseToleranceMinutes;
        var vetFactor = world.Vets.Select((_, i) => 1.1 - (0.12 * (i % 3))).ToArray();
        var end = until > staysUntil ? until : staysUntil;
        for (var month = new DateOnly(from.Year, from.Month, 1); month < end; month = month.AddMonths(1))
        {
            var batch = new Batch();
            for (var day = Max(month, from); day < end && day < month.AddMonths(1); day = day.AddDays(1))
            {
                while (next < everyone.Count && everyone[next].Day <= day)
                {
                    present.Add(everyone[next++].Patient);
                }

                Day(batch, world, size, day, present, vetFactor, tolerance, utcNow, appointments: day < until, stays: day < staysUntil);
            }

            yield return batch;
        }
    }

    /// <summary>Bills completed appointments of the demo agenda older than its billed weeks, as the desk did at the
    /// time: most paid, some late, a few still open (what the receivables' 31–60 and 61–90 days show).</summary>
    public Batch BillAgenda(IEnumerable<Appointment> completed, IReadOnlyList<PriceItem> prices, int firstInvoiceNumber, DateTime utcNow)
    {
        _number = firstInvoiceNumber;
        var batch = new Batch();
        foreach (var appointment in completed.OrderBy(a => a.Start))
        {
            batch.Invoices.AddRange(Bill(appointment, prices, openShare: 0.06, utcNow));
        }

        return batch;
    }

    /// <summary>Writes a batch in one transaction, in chunks, without change tracking costs.</summary>
    public static async Task SaveAsync(ClinicDbContext db, Batch batch, CancellationToken ct)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var chunk in batch.Appointments.Chunk(1000))
        {
            db.Appointments.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        foreach (var chunk in batch.Invoices.Chunk(1000))
        {
            db.Invoices.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        db.Hospitalizations.AddRange(batch.Stays);
        db.Prescriptions.AddRange(batch.Prescriptions);
        db.Vaccinations.AddRange(batch.Vaccinations);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        foreach (var chunk in batch.Doses.Chunk(4000))
        {
            db.MedicationAdministrations.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }

    /// <summary>Writes the newcomers (tutors, pets, weights) in chunks.</summary>
    public static async Task SaveAsync(ClinicDbContext db, Newcomers newcomers, CancellationToken ct)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var chunk in newcomers.Tutors.Cast<object>().Concat(newcomers.Pets).Concat(newcomers.Weights).Chunk(2000))
        {
            db.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }

    /// <summary>Dates tutors and pets from the day they came (the save stamps every new row "now"), their pets with
    /// them. One statement per day and table, not per row.</summary>
    public static async Task BackdateAsync(ClinicDbContext db, IReadOnlyDictionary<Guid, DateOnly> joined, TimeZoneInfo zone, CancellationToken ct)
    {
        var petsOf = (await db.Pets.IgnoreQueryFilters().AsNoTracking().Select(p => new { p.Id, p.TutorId }).ToListAsync(ct))
            .ToLookup(p => p.TutorId, p => p.Id);
        foreach (var day in joined.GroupBy(t => t.Value))
        {
            // Registered at the desk on arrival, a little before the visit's time.
            var at = HospitalTime.ToUtc(day.Key.ToDateTime(new TimeOnly(8, 0)), zone);
            foreach (var chunk in day.Select(t => t.Key).Chunk(500))
            {
                var pets = chunk.SelectMany(t => petsOf[t]).ToList();
                await db.Tutors.IgnoreQueryFilters().Where(t => chunk.Contains(t.Id)).ExecuteUpdateAsync(s => s.SetProperty(t => t.CreatedAt, at).SetProperty(t => t.UpdatedAt, at), ct);
                await db.Pets.IgnoreQueryFilters().Where(p => pets.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.CreatedAt, at).SetProperty(p => p.UpdatedAt, at), ct);
            }
        }
    }

    /// <summary>Seeds a demo hospital's history once: <paramref name="months"/> months before its agenda, and bills
    /// the agenda's weeks before its billed ones. Returns how many months it wrote (0 when already there).</summary>
    public static async Task<int> SeedAsync(ClinicDbContext db, int seed, int months, DateTime utcNow, TimeZoneInfo zone, CancellationToken ct)
    {
        if (months <= 0 || !await db.Wards.AnyAsync(ct) || !await db.PriceItems.AnyAsync(ct))
        {
            return 0;
        }

        var today = DateOnly.FromDateTime(HospitalTime.ToLocal(utcNow, zone));
        var agendaStart = await db.Appointments.MinAsync(a => (DateTime?)a.Start, ct) is { } first
            ? DateOnly.FromDateTime(HospitalTime.ToLocal(first, zone))
            : today;
        var from = today.AddMonths(-months);
        if (agendaStart <= from.AddDays(7))
        {
            // The agenda already reaches back this far: this hospital has its history.
            return 0;
        }

        var world = await WorldAsync(db, zone, ct);
        var generator = new AnalyticsDemo(seed + 500);
        var number = await db.Invoices.MaxAsync(i => (int?)i.Number, ct) ?? 1000;

        // The agenda's weeks before its billed five: billed now, as the desk did then.
        var billedSince = utcNow.AddDays(-35);
        var billed = (await db.InvoiceItems.AsNoTracking().Where(i => i.SourceKey != null && i.SourceKey.StartsWith("appointment:")).Select(i => i.SourceKey!).ToListAsync(ct)).ToHashSet();
        var older = (await db.Appointments.AsNoTracking().Where(a => a.Status == AppointmentStatus.Completed && a.Start < billedSince).ToListAsync(ct))
            .Where(a => !billed.Contains(CareCharges.AppointmentKey(a.Id))).ToList();
        var agendaBills = generator.BillAgenda(older, world.Prices, number, utcNow);
        await SaveAsync(db, agendaBills, ct);
        number += agendaBills.Invoices.Count;

        var taken = (await db.Tutors.IgnoreQueryFilters().Where(t => t.Cpf != null).Select(t => t.Cpf!).ToListAsync(ct)).ToHashSet();
        // Newcomers register all year, up to the last weeks (the latest come for a stay: the agenda is not rewritten).
        var newcomers = generator.NewTutors(AnalyticsDemoSize.Demo.NewTutorsPerMonth * months, from, today.AddDays(-10), world.Vets, today, zone, utcNow, taken, microchipBase: 0);
        await SaveAsync(db, newcomers, ct);

        // The agenda's tutors came over the last year and a half (a third before the history begins), but never after
        // their pets' first visit, stay or vaccine here; their pets visit from the day they registered.
        var seen = new Dictionary<Guid, DateOnly>();
        void Seen(Guid tutor, DateOnly day)
        {
            if (!seen.TryGetValue(tutor, out var known) || day < known)
            {
                seen[tutor] = day;
            }
        }

        foreach (var row in await db.Appointments.AsNoTracking().GroupBy(a => a.TutorId).Select(g => new { g.Key, First = g.Min(a => a.Start) }).ToListAsync(ct))
        {
            Seen(row.Key, DateOnly.FromDateTime(HospitalTime.ToLocal(row.First, zone)));
        }

        foreach (var row in await db.Hospitalizations.AsNoTracking().GroupBy(h => h.TutorId).Select(g => new { g.Key, First = g.Min(h => h.AdmittedAt) }).ToListAsync(ct))
        {
            Seen(row.Key, DateOnly.FromDateTime(HospitalTime.ToLocal(row.First, zone)));
        }

        foreach (var row in await (from v in db.Vaccinations.AsNoTracking() join p in db.Pets on v.PetId equals p.Id group v by p.TutorId into g select new { g.Key, First = g.Min(v => v.AppliedOn) }).ToListAsync(ct))
        {
            Seen(row.Key, row.First);
        }

        var joined = generator.JoinDays(world.Patients.Select(p => p.TutorId).Distinct().OrderBy(t => t), from.AddMonths(-months / 2), agendaStart);
        foreach (var (tutor, seenOn) in seen.Where(s => joined.TryGetValue(s.Key, out var day) && s.Value < day))
        {
            joined[tutor] = seenOn;
        }

        foreach (var tutor in newcomers.Tutors)
        {
            joined[tutor.Id] = newcomers.Joined[tutor.Id];
        }

        foreach (var batch in generator.Generate(world, AnalyticsDemoSize.Demo, from, agendaStart, today.AddDays(-10), utcNow, number, joined, newcomers))
        {
            await SaveAsync(db, batch, ct);
        }

        await BackdateAsync(db, joined, zone, ct);
        return months;
    }

    /// <summary>The hospital's vets, nurse, rooms, beds, catalogue, prices and living dogs and cats (with their weight
    /// and the vaccines they already have), read once.</summary>
    public static async Task<World> WorldAsync(ClinicDbContext db, TimeZoneInfo zone, CancellationToken ct)
    {
        var staff = await (from u in db.Users
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           where r.Name == Data.Identity.Roles.Veterinarian || r.Name == Data.Identity.Roles.Nurse
                           orderby u.Email
                           select new { u.Id, u.DisplayName, r.Name }).ToListAsync(ct);
        var vets = staff.Where(s => s.Name == Data.Identity.Roles.Veterinarian).Select(s => s.Id).ToList();
        var nurse = staff.Where(s => s.Name == Data.Identity.Roles.Nurse).Select(s => new ClinicalDemo.Staff(s.Id, s.DisplayName ?? "")).FirstOrDefault()
            ?? new ClinicalDemo.Staff(vets[0], "");
        var rooms = await db.Rooms.AsNoTracking().OrderBy(r => r.Order).ToListAsync(ct);
        var beds = await (from b in db.Beds.AsNoTracking()
                          join w in db.Wards on b.WardId equals w.Id
                          where b.IsActive && w.IsActive
                          orderby w.Order, b.Order
                          select new BedInWard(b.Id, w.Id, w.IsIsolation, w.Name)).ToListAsync(ct);
        var catalogue = await db.Medications.AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct);
        var prices = await db.PriceItems.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Name).ToListAsync(ct);
        var patients = await db.Pets.AsNoTracking()
            .Where(p => !p.Deceased)
            .OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.TutorId, p.Species, p.Sex, Weight = db.PetWeights.Where(w => w.PetId == p.Id).OrderByDescending(w => w.MeasuredAt).Select(w => (decimal?)w.Kilograms).FirstOrDefault() })
            .ToListAsync(ct);
        var vaccines = (await db.Vaccinations.AsNoTracking().Select(v => new { v.PetId, v.Vaccine }).ToListAsync(ct)).Select(v => (v.PetId, v.Vaccine)).ToHashSet();
        return new World(vets, nurse, rooms, beds, catalogue, prices,
            patients.Select(p => new Patient(p.Id, p.TutorId, p.Species, p.Sex, p.Weight ?? 0m)).ToList(), vaccines, zone);
    }

    /// <summary>How busy a month is, 1 = an ordinary one: summer holidays (Dec–Jan) and July up, May–June down.</summary>
    public static double MonthFactor(int month) => month switch
    {
        1 => 1.18,
        2 => 1.05,
        3 => 1.0,
        4 => 0.95,
        5 => 0.88,
        6 => 0.9,
        7 => 1.08,
        8 => 0.95,
        9 => 0.98,
        10 => 1.03,
        11 => 1.05,
        _ => 1.15,
    };

    private static double WeekdayFactor(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => 1.15,
        DayOfWeek.Friday => 1.05,
        DayOfWeek.Thursday => 0.95,
        _ => 1.0,
    };

    private static bool Holiday(DateOnly day) => (day.Month, day.Day) is (12, 25) or (1, 1) or (4, 21) or (5, 1) or (9, 7) or (10, 12) or (11, 2) or (11, 15);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private void Day(Batch batch, World world, AnalyticsDemoSize size, DateOnly day, List<Patient> present, double[] vetFactor, int tolerance, DateTime utcNow, bool appointments, bool stays)
    {
        var zone = world.Zone;
        var theatre = new List<(DateTime Start, DateTime End)>();
        var closed = day.DayOfWeek == DayOfWeek.Sunday || Holiday(day);
        var opens = closed ? new TimeOnly(9, 0) : new TimeOnly(8, 0);
        var closes = closed ? new TimeOnly(13, 0) : day.DayOfWeek == DayOfWeek.Saturday ? new TimeOnly(13, 0) : new TimeOnly(19, 0);
        for (var v = 0; appointments && v < world.Vets.Count; v++)
        {
            // Sundays and holidays: one vet on call sees the emergencies.
            if (closed && v != day.DayNumber % world.Vets.Count)
            {
                continue;
            }

            var mean = closed ? 2.0 : size.AppointmentsPerVetDay * MonthFactor(day.Month) * WeekdayFactor(day.DayOfWeek) * vetFactor[v];
            var wanted = (int)Math.Round(mean * (0.85 + (_random.NextDouble() * 0.3)));
            var cursor = day.ToDateTime(opens).AddMinutes(5 * _random.Next(0, 6));
            var end = day.ToDateTime(closes);
            for (var n = 0; n < wanted && present.Count > 0; n++)
            {
                var type = closed ? AppointmentType.Consultation : PickType(day);
                var duration = type switch
                {
                    AppointmentType.Surgery => 90 + (30 * _random.Next(0, 3)),
                    AppointmentType.Vaccination => 15,
                    AppointmentType.Return => 20,
                    _ => 30,
                };
                if (cursor.AddMinutes(duration) > end)
                {
                    break;
                }

                var patient = present[_random.Next(present.Count)];
                var startUtc = HospitalTime.ToUtc(cursor, zone);
                var room = world.Rooms.Count == 0 ? null : type == AppointmentType.Surgery ? world.Rooms[^1] : world.Rooms[v % Math.Max(1, world.Rooms.Count - 1)];
                if (type == AppointmentType.Surgery)
                {
                    // One theatre: a surgery overlapping another is done without it (as the agenda's are).
                    var endUtc = startUtc.AddMinutes(duration);
                    if (theatre.Exists(t => t.Start < endUtc && startUtc < t.End))
                    {
                        room = null;
                    }
                    else
                    {
                        theatre.Add((startUtc, endUtc));
                    }
                }

                var appointment = new Appointment
                {
                    PetId = patient.PetId,
                    TutorId = patient.TutorId,
                    VeterinarianId = world.Vets[v],
                    RoomId = room?.Id,
                    Type = type,
                };
                appointment.SetTime(startUtc, duration);
                appointment.Open(startUtc.AddDays(-_random.Next(1, 20)));
                Conclude(appointment, startUtc, cursor);
                if (size.WithSlots)
                {
                    appointment.SyncSlots();
                }

                batch.Appointments.Add(appointment);

                if (appointment.Status == AppointmentStatus.Completed)
                {
                    batch.Invoices.AddRange(Bill(appointment, world.Prices, openShare: 0.004, utcNow));
                    if (type == AppointmentType.Vaccination)
                    {
                        Vaccinate(batch, patient, day, world.Vets[v], utcNow, zone);
                    }
                }

                cursor = cursor.AddMinutes(duration + (5 * _random.Next(0, 5)));
            }
        }

        var admissions = stays ? size.StaysPerDay * MonthFactor(day.Month) * (closed ? 0.6 : 1.0) : 0;
        var count = (int)admissions + (_random.NextDouble() < admissions - Math.Floor(admissions) ? 1 : 0);
        for (var s = 0; s < count; s++)
        {
            Stay(batch, world, size, day, present, tolerance, utcNow);
        }
    }

    private AppointmentType PickType(DateOnly day) => _random.Next(100) switch
    {
        // Vaccination campaigns in April–May (antirrábica) lift vaccinations a little.
        < 52 => AppointmentType.Consultation,
        < 68 => AppointmentType.Return,
        < 84 when day.Month is 4 or 5 => AppointmentType.Vaccination,
        < 81 => AppointmentType.Vaccination,
        < 95 => AppointmentType.Exam,
        _ => AppointmentType.Surgery,
    };

    /// <summary>The appointment's outcome: most attended; no-shows most on Monday mornings, Saturdays and late
    /// afternoons (and in December); a few cancelled the day before.</summary>
    private void Conclude(Appointment appointment, DateTime startUtc, DateTime local)
    {
        var noShow = 3.5
            + (local.DayOfWeek == DayOfWeek.Monday && local.Hour < 12 ? 8 : 0)
            + (local.DayOfWeek == DayOfWeek.Saturday ? 6 : 0)
            + (local.Hour >= 17 ? 3 : 0)
            + (appointment.Type is AppointmentType.Return or AppointmentType.Vaccination ? 2 : 0)
            + (local.Month == 12 ? 2 : 0);
        var roll = _random.NextDouble() * 100;
        if (roll < 5)
        {
            appointment.ChangeStatus(AppointmentStatus.Cancelled, startUtc.AddDays(-1).AddHours(-_random.Next(0, 30)), CancelReasons[_random.Next(CancelReasons.Length)]);
            return;
        }

        if (roll < 5 + noShow)
        {
            appointment.ChangeStatus(AppointmentStatus.NoShow, startUtc.AddMinutes(30));
            return;
        }

        appointment.ChangeStatus(AppointmentStatus.Confirmed, startUtc.AddDays(-1));
        appointment.ChangeStatus(AppointmentStatus.CheckedIn, startUtc.AddMinutes(-_random.Next(0, 15)));
        appointment.ChangeStatus(AppointmentStatus.InProgress, startUtc.AddMinutes(_random.Next(0, 5)));
        appointment.ChangeStatus(AppointmentStatus.Completed, appointment.End);
    }

    /// <summary>The visit's invoice as care posted it (its appointment line, the extras of the visit), maybe a
    /// discount, and how it was settled; now and then a duplicate the desk cancelled beside it.</summary>
    private IEnumerable<Invoice> Bill(Appointment appointment, IReadOnlyList<PriceItem> prices, double openShare, DateTime utcNow)
    {
        var price = prices.FirstOrDefault(p => p.ChargesAppointment == appointment.Type);
        if (price is null)
        {
            yield break;
        }

        var key = CareCharges.AppointmentKey(appointment.Id);
        var invoice = new Invoice { Number = ++_number, TutorId = appointment.TutorId, PetId = appointment.PetId, VisitKey = key, IssuedAt = appointment.End };
        invoice.AddItem(price.Name, price.Kind, 1, price.Price, price.Id, key);
        foreach (var (extra, quantity) in Extras(appointment.Type, prices))
        {
            invoice.AddItem(extra.Name, extra.Kind, quantity, extra.Price, extra.Id);
        }

        if (_random.Next(9) == 0)
        {
            invoice.SetDiscount(Money.Round(invoice.Subtotal * (_random.Next(2) == 0 ? 0.1m : 0.05m)));
        }

        Settle(invoice, appointment.End, openShare, utcNow);
        yield return invoice;

        if (_random.Next(250) == 0)
        {
            var duplicate = new Invoice { Number = ++_number, TutorId = appointment.TutorId, PetId = appointment.PetId, IssuedAt = appointment.End };
            duplicate.AddItem(price.Name, price.Kind, 1, price.Price, price.Id);
            duplicate.Cancel("Lançada em duplicidade", appointment.End.AddMinutes(5));
            yield return duplicate;
        }
    }

    private IEnumerable<(PriceItem Item, decimal Quantity)> Extras(AppointmentType type, IReadOnlyList<PriceItem> prices)
    {
        PriceItem? Named(string name) => prices.FirstOrDefault(p => p.Name == name);
        var roll = _random.Next(100);
        var picks = type switch
        {
            AppointmentType.Vaccination => [_random.Next(3) == 0 ? Named("Vacina antirrábica") : Named("Vacina V10")],
            AppointmentType.Exam => [roll < 65 ? Named("Hemograma completo") : Named("Ultrassonografia abdominal")],
            AppointmentType.Surgery => [Named("Hemograma completo"), Named("Dipirona 500 mg (comprimido)")],
            AppointmentType.Consultation => roll switch
            {
                < 25 => [Named("Hemograma completo")],
                < 35 => [Named("Ultrassonografia abdominal")],
                < 55 => [Named("Dipirona 500 mg (comprimido)")],
                < 62 => [Named("Ração renal 2 kg")],
                _ => Array.Empty<PriceItem?>(),
            },
            _ => roll < 15 ? [Named("Dipirona 500 mg (comprimido)")] : Array.Empty<PriceItem?>(),
        };
        foreach (var pick in picks.OfType<PriceItem>())
        {
            yield return (pick, pick.Kind == ChargeKind.Medication && pick.Price < 10 ? 10 : 1);
        }
    }

    /// <summary>Paid at the desk (Pix and card most, some cash, a few online links, now and then split in two
    /// methods); some paid days later; a few never (the old receivables).</summary>
    private void Settle(Invoice invoice, DateTime issued, double openShare, DateTime utcNow)
    {
        var roll = _random.NextDouble();
        if (roll < openShare)
        {
            if (_random.Next(3) == 0)
            {
                Pay(invoice, PaymentMethod.Cash, Money.Round(invoice.Total / 2), issued.AddMinutes(10));
            }

            return;
        }

        var paidAt = _random.Next(100) < 8 ? issued.AddDays(_random.Next(1, 25)).AddHours(_random.Next(0, 6)) : issued.AddMinutes(_random.Next(5, 20));
        if (paidAt >= utcNow)
        {
            return;
        }

        if (_random.Next(100) < 5 && invoice.Total >= 20)
        {
            var part = Money.Round(invoice.Total * 0.5m);
            Pay(invoice, PaymentMethod.Card, part, paidAt);
            Pay(invoice, PaymentMethod.Pix, invoice.Total - part, paidAt.AddMinutes(1));
            return;
        }

        var method = _random.Next(100) switch
        {
            < 38 => PaymentMethod.Pix,
            < 75 => PaymentMethod.Card,
            < 90 => PaymentMethod.Cash,
            _ => PaymentMethod.Online,
        };
        Pay(invoice, method, invoice.Total, paidAt);
    }

    private void Pay(Invoice invoice, PaymentMethod method, decimal amount, DateTime at)
    {
        if (amount <= 0)
        {
            return;
        }

        var reference = method switch
        {
            PaymentMethod.Card => $"AUT{_random.Next(100000, 999999)}",
            PaymentMethod.Pix => $"E{_random.Next(10000000, 99999999)}{invoice.Number:D6}",
            PaymentMethod.Online => $"cs_hist_{invoice.Id:N}",
            _ => null,
        };
        invoice.Pay(method, amount, at, reference, null, method == PaymentMethod.Online ? reference : null);
    }

    /// <summary>A vaccine the pet did not have yet, its next dose a year on: only days whose next dose falls well past
    /// today's reminder window (60 days at most) are recorded, so no reminder or due-list entry appears. Each comes
    /// with the dose a year before, due that day (what "due vs given" compares).</summary>
    private void Vaccinate(Batch batch, Patient patient, DateOnly day, Guid vet, DateTime utcNow, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(HospitalTime.ToLocal(utcNow, zone));
        if (patient.Species is not (Species.Dog or Species.Cat) || day.AddYears(1) < today.AddDays(65))
        {
            return;
        }

        var vaccines = patient.Species == Species.Dog ? new[] { "V10", "Antirrábica", "Gripe canina (tosse dos canis)" } : new[] { "V4 (quádrupla felina)", "Antirrábica", "FeLV" };
        var vaccine = vaccines.FirstOrDefault(v => !_vaccinated.Contains((patient.PetId, v)));
        if (vaccine is null)
        {
            return;
        }

        _vaccinated.Add((patient.PetId, vaccine));
        batch.Vaccinations.Add(new Vaccination { PetId = patient.PetId, Vaccine = vaccine, Dose = "Reforço anual", Batch = $"L{_random.Next(10000, 99999)}", AppliedOn = day.AddYears(-1).AddDays(-_random.Next(0, 10)), VeterinarianId = vet, NextDueOn = day });
        batch.Vaccinations.Add(new Vaccination { PetId = patient.PetId, Vaccine = vaccine, Dose = "Reforço anual", Batch = $"L{_random.Next(10000, 99999)}", AppliedOn = day, VeterinarianId = vet, NextDueOn = day.AddYears(1) });
    }

    /// <summary>An admission of the day in a free bed of the right ward (cats to the cats' ward, parvovirus to
    /// isolation, the critical to the ICU), its course given as a ward would (mostly on time; the night shift later;
    /// a few held, refused or missed), ended with a discharge and billed per dose and per day, paid at discharge.</summary>
    private void Stay(Batch batch, World world, AnalyticsDemoSize size, DateOnly day, List<Patient> present, int tolerance, DateTime utcNow)
    {
        var zone = world.Zone;
        var candidates = present.Where(p => p.Species is Species.Dog or Species.Cat).ToList();
        if (candidates.Count == 0 || world.Beds.Count == 0)
        {
            return;
        }

        var patient = candidates[_random.Next(candidates.Count)];
        var admitted = HospitalTime.ToUtc(day.ToDateTime(new TimeOnly(_random.Next(8, 21), 5 * _random.Next(0, 12))), zone);
        var days = Math.Clamp((int)Math.Round(-Math.Log(1 - _random.NextDouble()) * size.MeanStayDays) + 1, 1, 14);
        var ended = admitted.AddDays(days - 1).AddHours(_random.Next(2, 20));
        if (ended >= utcNow.AddDays(-10))
        {
            return;
        }

        var roll = _random.Next(100);
        var infectious = patient.Species == Species.Dog && roll < 6;
        var ward = infectious ? "isolation" : roll < 20 ? "icu" : patient.Species == Species.Cat ? "cats" : "dogs";
        var bed = FreeBed(world.Beds, ward, admitted);
        if (bed is null)
        {
            return;
        }

        _bedFreeFrom[bed.BedId] = ended.AddHours(1);
        var vet = world.Vets[_random.Next(world.Vets.Count)];
        var weight = patient.WeightKg > 0 ? patient.WeightKg : patient.Species == Species.Cat ? 4.2m : 12.5m;
        var drawn = _random.Next(100);
        var stay = new Hospitalization
        {
            PetId = patient.PetId,
            TutorId = patient.TutorId,
            AdmittingVetId = vet,
            ResponsibleVetId = vet,
            Reason = infectious ? "Parvovirose" : ClinicalDemo.ReasonFor(new ClinicalDemo.Patient(patient.PetId, patient.TutorId, patient.Species, weight, patient.Sex), drawn),
            Priority = (HospitalizationPriority)_random.Next(0, 4),
            Biohazard = infectious,
        };
        stay.Admit(bed.BedId, admitted);
        var prescription = new Prescription
        {
            PetId = patient.PetId,
            TutorId = patient.TutorId,
            VeterinarianId = vet,
            HospitalizationId = stay.Id,
            Kind = PrescriptionKind.Hospital,
            IssuedAt = admitted,
            WeightKg = weight,
        };
        var dosable = world.Catalogue.Where(m => m.ConcentrationMgPerUnit is not null && m.MaxDoseMgPerKg is not null).ToList();
        var invoice = new Invoice { Number = ++_number, TutorId = stay.TutorId, PetId = stay.PetId, VisitKey = CareCharges.StayVisitKey(stay.Id), IssuedAt = admitted };
        foreach (var medication in dosable.OrderBy(_ => _random.Next()).Take(_random.Next(1, size.MaxItemsPerStay + 1)))
        {
            var dose = DoseCalculator.Compute(Data.Clinical.DoseMode.PerKg, medication.MaxDoseMgPerKg!.Value, weight, medication);
            var item = new PrescriptionItem
            {
                PrescriptionId = prescription.Id,
                MedicationId = medication.Id,
                MedicationName = medication.Name,
                DoseMode = Data.Clinical.DoseMode.PerKg,
                DoseMgPerKg = medication.MaxDoseMgPerKg,
                DoseMg = dose.DoseMg,
                DoseVolume = dose.Volume,
                Route = medication.DefaultRoute,
                EveryHours = size.EveryHours[_random.Next(size.EveryHours.Length)],
                DurationDays = days + 1,
                FirstDoseAt = admitted.AddMinutes(30),
            };
            prescription.Items.Add(item);
            foreach (var administration in AdministrationPlan.For(item, stay.Id, patient.PetId, zone))
            {
                if (administration.DueAt > ended)
                {
                    administration.Cancel();
                }
                else
                {
                    Record(administration, item, world.Nurse, tolerance, zone);
                    if (administration.Status == AdministrationStatus.Given && medication.PricePerDose is { } perDose)
                    {
                        invoice.AddItem(CareCharges.DoseDescription(item.MedicationName, item.DoseMg, HospitalTime.ToLocal(administration.RecordedAt!.Value, zone)),
                            ChargeKind.Medication, 1, perDose, sourceKey: CareCharges.DoseKey(administration.Id));
                    }
                }

                batch.Doses.Add(administration);
            }

            item.Suspend(null, ended);
        }

        stay.End(HospitalizationStatus.Discharged, Summaries[_random.Next(Summaries.Length)], ended);
        if (world.Prices.FirstOrDefault(p => p.Kind == ChargeKind.HospitalizationDay) is { } daily)
        {
            invoice.AddItem(daily.Name, daily.Kind, CareCharges.StayDays(admitted, ended), daily.Price, daily.Id, CareCharges.StayKey(stay.Id));
        }

        Settle(invoice, ended.AddMinutes(20), openShare: 0.01, utcNow);
        batch.Stays.Add(stay);
        batch.Prescriptions.Add(prescription);
        batch.Invoices.Add(invoice);
    }

    private BedInWard? FreeBed(IReadOnlyList<BedInWard> beds, string ward, DateTime at)
    {
        bool Fits(BedInWard b) => ward switch
        {
            "isolation" => b.Isolation,
            "icu" => b.WardName.Contains("UTI", StringComparison.Ordinal),
            "cats" => b.WardName.Contains("gatos", StringComparison.OrdinalIgnoreCase),
            _ => !b.Isolation && !b.WardName.Contains("gatos", StringComparison.OrdinalIgnoreCase) && !b.WardName.Contains("UTI", StringComparison.Ordinal),
        };
        bool Free(BedInWard b) => !_bedFreeFrom.TryGetValue(b.BedId, out var free) || free <= at;
        var fitting = beds.Where(Fits).ToList();
        if (fitting.Count == 0)
        {
            // A hospital without that ward (the benchmark's) puts the patient in any ordinary bed.
            fitting = beds.Where(b => !b.Isolation).ToList();
        }

        var free = fitting.Where(Free).ToList();
        return free.Count == 0 ? null : free[_random.Next(free.Count)];
    }

    /// <summary>How the ward recorded a due dose: on time mostly; late more often at night; a few held, refused or
    /// missed with the reason a nurse writes.</summary>
    private void Record(MedicationAdministration dose, PrescriptionItem item, ClinicalDemo.Staff nurse, int tolerance, TimeZoneInfo zone)
    {
        var hour = HospitalTime.ToLocal(dose.DueAt, zone).Hour;
        var night = hour is >= 19 or < 7;
        var roll = _random.Next(1000);
        var late = night ? 110 : 60;
        if (roll < 930)
        {
            var givenAt = roll < 930 - late
                ? dose.DueAt.AddMinutes(_random.Next(-10, tolerance))
                : dose.DueAt.AddMinutes(_random.Next(tolerance + 1, tolerance * 4));
            dose.Give(item.DoseMg, givenAt, nurse.Id, nurse.Name);
            return;
        }

        var outcome = roll < 960 ? AdministrationStatus.Held : roll < 985 ? AdministrationStatus.Refused : AdministrationStatus.Missed;
        var (reason, note) = outcome switch
        {
            AdministrationStatus.Held => (NotGivenReason.Vomiting, "Vomitou às vésperas da dose; veterinário avisado."),
            AdministrationStatus.Refused => (NotGivenReason.PatientRefused, ClinicalDemo.RefusalNote(item.Route)),
            _ => (NotGivenReason.PatientAway, "Paciente em exame de imagem no horário."),
        };
        dose.MarkNotGiven(outcome, reason, note, dose.DueAt.AddMinutes(_random.Next(0, tolerance)), nurse.Id, nurse.Name);
    }
}
