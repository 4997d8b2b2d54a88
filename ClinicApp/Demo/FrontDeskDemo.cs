using ClinicApp.Common;
using ClinicApp.Data;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Pets;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Demo;

/// <summary>How much front-desk history to make up.</summary>
public sealed record FrontDeskDemoSize(int Tutors, int PastDays, int FutureDays, int AppointmentsPerVetDay)
{
    public static FrontDeskDemoSize Demo { get; } = new(180, 90, 14, 9);
}

/// <summary>Realistic pt-BR front-desk data: tutors with valid CPFs and +55 mobiles, their pets,
/// weights, vaccinations, rooms, and appointments around today for every veterinarian. Deterministic
/// for a given seed. Used by the Development seeder and the front-desk benchmark.</summary>
public sealed class FrontDeskDemo(int seed)
{
    private static readonly string[] FirstNames =
    [
        "Ana", "Beatriz", "Camila", "Daniela", "Eduarda", "Fernanda", "Gabriela", "Helena", "Isabela", "Juliana", "Larissa", "Mariana",
        "Natália", "Patrícia", "Renata", "Sofia", "Tatiane", "Vanessa", "João", "Pedro", "Lucas", "Gabriel", "Rafael", "Felipe",
        "Gustavo", "Henrique", "Igor", "Leonardo", "Matheus", "Otávio", "Rodrigo", "Thiago", "Vinícius", "André", "Caio", "Diego",
        "Érica", "Luíza", "Márcia", "Cláudio", "Sérgio", "Antônio", "Conceição", "Luís", "Mônica", "Fábio", "Régis", "Simone",
    ];

    private static readonly string[] LastNames =
    [
        "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes", "Costa", "Ribeiro",
        "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento",
        "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas", "Cardoso", "Ramos", "Gonçalves", "Araújo",
        "Conceição", "Brandão", "Magalhães", "Sá", "Falcão", "Assunção",
    ];

    private static readonly (string City, string State, string Ddd, string Cep)[] Cities =
    [
        ("São Paulo", "SP", "11", "01310"), ("Campinas", "SP", "19", "13010"), ("Rio de Janeiro", "RJ", "21", "22041"),
        ("Belo Horizonte", "MG", "31", "30130"), ("Curitiba", "PR", "41", "80010"), ("Porto Alegre", "RS", "51", "90010"),
        ("Brasília", "DF", "61", "70040"), ("Salvador", "BA", "71", "40020"), ("Recife", "PE", "81", "50030"), ("Fortaleza", "CE", "85", "60060"),
    ];

    private static readonly string[] Streets =
    [
        "Rua das Flores", "Avenida Paulista", "Rua Augusta", "Rua XV de Novembro", "Avenida Brasil", "Rua da Consolação",
        "Rua Sete de Setembro", "Avenida Getúlio Vargas", "Rua Tiradentes", "Rua Dom Pedro II", "Alameda Santos", "Rua São João",
    ];

    private static readonly string[] Districts = ["Centro", "Jardim América", "Vila Mariana", "Boa Vista", "Savassi", "Moinhos de Vento", "Batel", "Pituba", "Boa Viagem", "Aldeota"];

    private static readonly string[] DogNames = ["Thor", "Mel", "Bob", "Luna", "Pipoca", "Nina", "Max", "Belinha", "Fred", "Amora", "Paçoca", "Bidu", "Toddy", "Zeca", "Lola", "Pandora", "Costelinha", "Biscoito", "Frida", "Duque"];

    private static readonly string[] CatNames = ["Mingau", "Frajola", "Salem", "Mia", "Tom", "Lua", "Garfield", "Chico", "Nala", "Pretinha", "Sushi", "Romeu", "Jade", "Félix", "Tigrinho"];

    private static readonly string[] OtherNames = ["Loro", "Kiwi", "Pingo", "Floquinho", "Sansão", "Cenoura", "Tico", "Juca"];

    private static readonly string[] Colours = ["Caramelo", "Preto", "Branco", "Tigrado", "Tricolor", "Cinza", "Marrom", "Preto e branco", "Dourado", "Rajado"];

    private static readonly string[] Notes = ["Retorno pós-cirúrgico", "Tosse há 3 dias", "Vômitos desde ontem", "Coceira e queda de pelo", "Check-up anual", "Manca da pata traseira", "Não está comendo bem", "Revisão de exames"];

    private readonly Random _random = new(seed);

    public sealed record Generated(List<Tutor> Tutors, List<Pet> Pets, List<PetWeight> Weights, List<Vaccination> Vaccinations, List<Room> Rooms, List<Appointment> Appointments);

    /// <summary>Makes up the data around <paramref name="today"/> for the given veterinarians.</summary>
    public Generated Generate(FrontDeskDemoSize size, IReadOnlyList<Guid> veterinarians, DateOnly today, TimeZoneInfo zone, DateTime utcNow)
    {
        // A consulting room per veterinarian, then the theatre.
        var rooms = Enumerable.Range(0, Math.Max(3, veterinarians.Count))
            .Select(i => new Room { Name = $"Consultório {i + 1}", Order = i })
            .Append(new Room { Name = "Centro cirúrgico", Order = 100 })
            .ToList();
        var theatre = rooms[^1];
        var tutors = new List<Tutor>();
        var pets = new List<Pet>();
        var weights = new List<PetWeight>();
        var vaccinations = new List<Vaccination>();
        var cpfs = new HashSet<string>();
        for (var i = 0; i < size.Tutors; i++)
        {
            var tutor = NewTutor(cpfs, utcNow);
            tutors.Add(tutor);
            var petCount = _random.Next(100) switch { < 65 => 1, < 90 => 2, _ => 3 };
            for (var p = 0; p < petCount; p++)
            {
                var pet = NewPet(tutor, today, pets.Count);
                pets.Add(pet);
                weights.AddRange(NewWeights(pet, today, zone));
                vaccinations.AddRange(NewVaccinations(pet, today, veterinarians));
            }
        }

        var petsOf = pets.ToLookup(p => p.TutorId, p => p.SearchText);
        foreach (var tutor in tutors)
        {
            tutor.SearchText = TutorSearchText.Of(tutor, petsOf[tutor.Id]);
        }

        var living = pets.Where(p => !p.Deceased).ToList();
        var appointments = new List<Appointment>();
        var opens = new TimeOnly(8, 0);
        for (var day = today.AddDays(-size.PastDays); day <= today.AddDays(size.FutureDays); day = day.AddDays(1))
        {
            if (day.DayOfWeek == DayOfWeek.Sunday)
            {
                continue;
            }

            var closes = day.DayOfWeek == DayOfWeek.Saturday ? new TimeOnly(13, 0) : new TimeOnly(19, 0);
            var distance = day.DayNumber - today.DayNumber;
            for (var v = 0; v < veterinarians.Count; v++)
            {
                // The future fills up as it comes closer; the vets each keep to their own room.
                var wanted = distance <= 0 ? size.AppointmentsPerVetDay : Math.Max(1, size.AppointmentsPerVetDay * (size.FutureDays + 1 - distance) / (size.FutureDays + 1));
                var cursor = day.ToDateTime(opens).AddMinutes(5 * _random.Next(0, 6));
                var end = day.ToDateTime(closes);
                for (var n = 0; n < wanted; n++)
                {
                    var type = PickType();
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

                    var pet = living[_random.Next(living.Count)];
                    var appointment = new Appointment
                    {
                        PetId = pet.Id,
                        TutorId = pet.TutorId,
                        VeterinarianId = veterinarians[v],
                        RoomId = type == AppointmentType.Surgery ? null : rooms[v].Id,
                        Type = type,
                        Notes = _random.Next(4) == 0 ? Notes[_random.Next(Notes.Length)] : null,
                    };
                    var startUtc = HospitalTime.ToUtc(cursor, zone);
                    appointment.SetTime(startUtc, duration);
                    appointment.Open(startUtc.AddDays(-_random.Next(1, 20)));
                    Advance(appointment, startUtc, utcNow);
                    appointment.SyncSlots();
                    appointments.Add(appointment);
                    cursor = cursor.AddMinutes(duration + (5 * _random.Next(0, 7)));
                }
            }
        }

        // Surgeries share one theatre: give it to those that do not overlap another surgery.
        DateTime theatreFreeFrom = default;
        foreach (var surgery in appointments.Where(a => a.Type == AppointmentType.Surgery).OrderBy(a => a.Start))
        {
            if (surgery.Start >= theatreFreeFrom)
            {
                surgery.RoomId = theatre.Id;
                surgery.SyncSlots();
                theatreFreeFrom = surgery.End;
            }
        }

        return new Generated(tutors, pets, weights, vaccinations, rooms, appointments);
    }

    /// <summary>Writes the generated data in one transaction, in batches, without change tracking costs.</summary>
    public static async Task SaveAsync(ClinicDbContext db, Generated data, CancellationToken ct = default)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Rooms.AddRange(data.Rooms);
        db.AgendaSettings.Add(new AgendaSettings());
        await db.SaveChangesAsync(ct);
        foreach (var chunk in data.Tutors.Chunk(2000))
        {
            db.Tutors.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        foreach (var chunk in data.Pets.Chunk(2000))
        {
            db.Pets.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        foreach (var chunk in data.Weights.Cast<object>().Concat(data.Vaccinations).Chunk(4000))
        {
            db.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        foreach (var chunk in data.Appointments.Chunk(1000))
        {
            db.Appointments.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }

    private Tutor NewTutor(HashSet<string> cpfs, DateTime utcNow)
    {
        var first = FirstNames[_random.Next(FirstNames.Length)];
        var name = $"{first} {LastNames[_random.Next(LastNames.Length)]} {LastNames[_random.Next(LastNames.Length)]}";
        string cpf;
        do
        {
            cpf = Cpf.Complete(string.Concat(Enumerable.Range(0, 9).Select(_ => (char)('0' + _random.Next(10)))));
        }
        while (!cpfs.Add(cpf) || Cpf.Parse(cpf) is null);

        var (city, state, ddd, cep) = Cities[_random.Next(Cities.Length)];
        var phone = $"+55{ddd}9{_random.Next(6, 10)}{_random.Next(1000000, 10000000)}";
        var consented = _random.Next(10) < 8;
        var tutor = new Tutor
        {
            Name = name,
            Cpf = cpf,
            Phone = phone,
            WhatsAppOptIn = _random.Next(10) < 7,
            Email = _random.Next(10) < 8 ? $"{Data.Common.SearchText.Normalize(first).Replace(' ', '.')}.{cpf[..4]}@exemplo.com.br" : null,
            AddressLine = $"{Streets[_random.Next(Streets.Length)]}, {_random.Next(10, 2500)}",
            District = Districts[_random.Next(Districts.Length)],
            City = city,
            State = state,
            PostalCode = $"{cep}{_random.Next(100, 999)}",
            RemindersConsentAt = consented ? utcNow.AddDays(-_random.Next(10, 700)) : null,
            MarketingConsentAt = consented && _random.Next(2) == 0 ? utcNow.AddDays(-_random.Next(10, 700)) : null,
        };
        return tutor;
    }

    private Pet NewPet(Tutor tutor, DateOnly today, int index)
    {
        var species = _random.Next(100) switch { < 58 => Species.Dog, < 90 => Species.Cat, < 94 => Species.Bird, < 97 => Species.Rabbit, _ => Species.Rodent };
        var names = species switch { Species.Dog => DogNames, Species.Cat => CatNames, _ => OtherNames };
        var breeds = Breeds(species);
        var estimated = _random.Next(5) == 0;
        var pet = new Pet
        {
            TutorId = tutor.Id,
            Name = names[_random.Next(names.Length)],
            Species = species,
            Breed = breeds[_random.Next(breeds.Length)],
            Sex = _random.Next(2) == 0 ? PetSex.Male : PetSex.Female,
            Neutered = _random.Next(3) > 0,
            BirthDate = today.AddDays(-_random.Next(90, species is Species.Dog or Species.Cat ? 16 * 365 : 6 * 365)),
            BirthDateEstimated = estimated,
            Colour = Colours[_random.Next(Colours.Length)],
            Microchip = species is Species.Dog or Species.Cat && _random.Next(3) == 0 ? $"985{index:D12}" : null,
            Allergies = _random.Next(12) == 0 ? "Dipirona" : _random.Next(15) == 0 ? "Frango (alimentar)" : null,
            Alerts = _random.Next(10) switch { 0 => PetAlerts.Aggressive | PetAlerts.Bites, 1 => PetAlerts.Fearful, 2 when species == Species.Dog => PetAlerts.Brachycephalic, _ => PetAlerts.None },
        };
        // What a vet tells the tutor (health conditions, a fearful pet); handling warnings such as "bites" stay the team's.
        pet.SharedAlerts = pet.Alerts & (PetAlerts.Fearful | PetAlerts.Brachycephalic | PetAlerts.Diabetic | PetAlerts.Epileptic);
        if (_random.Next(60) == 0)
        {
            pet.Deceased = true;
            pet.DeceasedOn = today.AddDays(-_random.Next(1, 200));
        }

        pet.SearchText = PetService.SearchTextOf(pet);
        return pet;
    }

    /// <summary>What a vet expects an adult of the breed to weigh, in kg (a Chihuahua is not 30 kg).</summary>
    public static (double Min, double Max) AdultWeightKg(Species species, string? breed) => (species, breed) switch
    {
        (Species.Dog, "Chihuahua") => (1.5, 3.0),
        (Species.Dog, "Yorkshire") => (2.0, 3.2),
        (Species.Dog, "Spitz Alemão") => (1.9, 3.5),
        (Species.Dog, "Pinscher") => (2.5, 4.5),
        (Species.Dog, "Poodle") => (3.5, 7.5),
        (Species.Dog, "Shih-tzu") => (4.5, 7.5),
        (Species.Dog, "Lhasa Apso") => (5.0, 8.0),
        (Species.Dog, "Pug") => (6.5, 9.0),
        (Species.Dog, "Bulldog Francês") => (8.5, 13.5),
        (Species.Dog, "Border Collie") => (14.0, 21.0),
        (Species.Dog, "Golden Retriever") => (25.0, 34.0),
        (Species.Dog, "Labrador") => (25.0, 36.0),
        (Species.Dog, _) => (6.0, 25.0),
        (Species.Cat, "Maine Coon") => (5.5, 8.5),
        (Species.Cat, "Siamês") => (3.0, 5.0),
        (Species.Cat, _) => (3.0, 5.8),
        (Species.Rabbit, _) => (1.2, 2.0),
        (Species.Bird, "Periquito") => (0.03, 0.045),
        (Species.Bird, "Calopsita") => (0.08, 0.11),
        (Species.Bird, _) => (0.35, 0.5),
        (_, "Porquinho-da-índia") => (0.7, 1.2),
        _ => (0.1, 0.18),
    };

    /// <summary>Weighings every one to two and a half months, never before the pet was born; the young
    /// grow into their breed's adult weight over their first year.</summary>
    private IEnumerable<PetWeight> NewWeights(Pet pet, DateOnly today, TimeZoneInfo zone)
    {
        var (min, max) = AdultWeightKg(pet.Species, pet.Breed);
        var adult = min + (_random.NextDouble() * (max - min));
        var count = _random.Next(2, 7);
        var weighed = false;
        for (var i = 0; i < count; i++)
        {
            // Both draws happen for every weighing, kept or not, so the rest of the demo stays the same.
            var day = today.AddDays(-(count - i) * _random.Next(30, 75));
            var spread = 0.96 + (_random.NextDouble() * 0.08);
            if (i == count - 1 && !weighed)
            {
                // A young pet's only weighing is its latest visit.
                day = today.AddDays(-3);
            }

            var ageDays = pet.BirthDate is { } born ? day.DayNumber - born.DayNumber : 365;
            if (ageDays < 45)
            {
                continue;
            }

            weighed = true;

            var grown = Math.Min(1.0, 0.2 + (0.8 * ageDays / 365.0));
            yield return new PetWeight { PetId = pet.Id, Kilograms = decimal.Round((decimal)(adult * grown * spread), 2), MeasuredAt = HospitalTime.ToUtc(day.ToDateTime(new TimeOnly(10, 0)), zone) };
        }
    }

    private IEnumerable<Vaccination> NewVaccinations(Pet pet, DateOnly today, IReadOnlyList<Guid> veterinarians)
    {
        if (pet.Species is not (Species.Dog or Species.Cat))
        {
            yield break;
        }

        var vaccines = pet.Species == Species.Dog ? new[] { "V10", "Antirrábica", "Gripe canina (tosse dos canis)" } : new[] { "V4 (quádrupla felina)", "Antirrábica", "FeLV" };
        foreach (var vaccine in vaccines.Take(_random.Next(1, 4)))
        {
            // The last dose some 10–14 months ago: the next one is due soon, today or a little overdue.
            var applied = today.AddDays(-_random.Next(300, 430));
            yield return new Vaccination
            {
                PetId = pet.Id,
                Vaccine = vaccine,
                Dose = "Reforço anual",
                Batch = $"L{_random.Next(10000, 99999)}",
                AppliedOn = applied,
                VeterinarianId = veterinarians[_random.Next(veterinarians.Count)],
                NextDueOn = applied.AddYears(1),
            };
        }
    }

    private AppointmentType PickType() => _random.Next(100) switch
    {
        < 55 => AppointmentType.Consultation,
        < 72 => AppointmentType.Return,
        < 87 => AppointmentType.Vaccination,
        < 96 => AppointmentType.Exam,
        _ => AppointmentType.Surgery,
    };

    /// <summary>Past appointments mostly happened; the ones under way are with their vet, the next
    /// ones are arriving; future ones await confirmation.</summary>
    private void Advance(Appointment appointment, DateTime startUtc, DateTime utcNow)
    {
        if (appointment.End <= utcNow)
        {
            var roll = _random.Next(100);
            if (roll < 6)
            {
                appointment.ChangeStatus(AppointmentStatus.Cancelled, startUtc.AddDays(-1), "Tutor pediu para remarcar");
                return;
            }

            if (roll < 11)
            {
                appointment.ChangeStatus(AppointmentStatus.NoShow, startUtc.AddMinutes(30));
                return;
            }

            appointment.ChangeStatus(AppointmentStatus.Confirmed, startUtc.AddDays(-1));
            appointment.ChangeStatus(AppointmentStatus.CheckedIn, startUtc.AddMinutes(-_random.Next(0, 15)));
            appointment.ChangeStatus(AppointmentStatus.InProgress, startUtc.AddMinutes(_random.Next(0, 5)));
            appointment.ChangeStatus(AppointmentStatus.Completed, appointment.End);
        }
        else if (startUtc <= utcNow)
        {
            appointment.ChangeStatus(AppointmentStatus.Confirmed, startUtc.AddDays(-1));
            appointment.ChangeStatus(AppointmentStatus.CheckedIn, startUtc.AddMinutes(-5));
            appointment.ChangeStatus(AppointmentStatus.InProgress, startUtc);
        }
        else if (startUtc <= utcNow.AddMinutes(20) && _random.Next(2) == 0)
        {
            appointment.ChangeStatus(AppointmentStatus.Confirmed, startUtc.AddDays(-1));
            appointment.ChangeStatus(AppointmentStatus.CheckedIn, utcNow.AddMinutes(-_random.Next(1, 10)));
        }
        else if (startUtc < utcNow.AddDays(2) && _random.Next(2) == 0)
        {
            appointment.ChangeStatus(AppointmentStatus.Confirmed, utcNow.AddHours(-_random.Next(1, 20)));
        }
    }

    private static string[] Breeds(Species species) => species switch
    {
        Species.Dog => ["SRD (sem raça definida)", "Shih-tzu", "Lhasa Apso", "Yorkshire", "Golden Retriever", "Labrador", "Pinscher", "Poodle", "Bulldog Francês", "Spitz Alemão", "Border Collie", "Pug", "Chihuahua"],
        Species.Cat => ["SRD (sem raça definida)", "Siamês", "Persa", "Maine Coon", "Angorá"],
        Species.Bird => ["Calopsita", "Periquito", "Papagaio-verdadeiro"],
        Species.Rabbit => ["Mini Lop", "Fuzzy Lop"],
        _ => ["Hamster sírio", "Porquinho-da-índia"],
    };
}
