using ClinicApp.Data.Common;

namespace ClinicApp.Data.FrontDesk;

public enum Species
{
    Dog,
    Cat,
    Bird,
    Rabbit,
    Rodent,
    Reptile,
    Other,
}

public enum PetSex
{
    Unknown,
    Male,
    Female,
}

/// <summary>What everyone handling the animal must know before opening the cage.</summary>
[Flags]
public enum PetAlerts
{
    None = 0,
    Aggressive = 1,
    Fearful = 2,
    Bites = 4,
    EscapeRisk = 8,
    Brachycephalic = 16,
    Diabetic = 32,
    Epileptic = 64,
    BloodDonor = 128,
}

public sealed class Pet : Entity, ISoftDeletable
{
    public Guid TutorId { get; set; }

    public Tutor? Tutor { get; set; }

    public required string Name { get; set; }

    public Species Species { get; set; }

    public string? Breed { get; set; }

    public PetSex Sex { get; set; }

    public bool Neutered { get; set; }

    public DateOnly? BirthDate { get; set; }

    /// <summary>The birth date was derived from an estimated age, not known.</summary>
    public bool BirthDateEstimated { get; set; }

    public string? Colour { get; set; }

    /// <summary>15-digit ISO 11784 number (digits only); unique in the hospital when present.</summary>
    public string? Microchip { get; set; }

    public string? Allergies { get; set; }

    public PetAlerts Alerts { get; set; }

    /// <summary>The alerts the vet chose to show the tutor in the portal (a subset of <see cref="Alerts"/>).</summary>
    public PetAlerts SharedAlerts { get; set; }

    public bool Deceased { get; set; }

    public DateOnly? DeceasedOn { get; set; }

    /// <summary>Lower-case, accent-free name plus the microchip: what search matches.</summary>
    public string SearchText { get; set; } = "";

    public List<PetWeight> Weights { get; set; } = [];

    public bool IsDeleted { get; set; }

    public DateTime? DeletedAt { get; set; }

    public Guid? DeletedBy { get; set; }
}
