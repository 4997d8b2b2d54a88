using ClinicApp.Data.Common;

namespace ClinicApp.Data.FrontDesk;

/// <summary>A pet's owner (the "tutor" in Brazilian usage): the person who books, pays and consents.</summary>
public sealed class Tutor : Entity, ISoftDeletable
{
    public required string Name { get; set; }

    /// <summary>11 digits, check digits valid; unique among the hospital's tutors when present.</summary>
    public string? Cpf { get; set; }

    /// <summary>E.164 ("+5511987654321").</summary>
    public string? Phone { get; set; }

    public bool WhatsAppOptIn { get; set; }

    public string? Email { get; set; }

    public string? AddressLine { get; set; }

    public string? District { get; set; }

    public string? City { get; set; }

    /// <summary>Two-letter state (UF).</summary>
    public string? State { get; set; }

    /// <summary>CEP, 8 digits.</summary>
    public string? PostalCode { get; set; }

    public string? Notes { get; set; }

    /// <summary>When the tutor consented to reminders (LGPD); null = no consent.</summary>
    public DateTime? RemindersConsentAt { get; set; }

    public DateTime? MarketingConsentAt { get; set; }

    /// <summary>When the tutor withdrew reminders consent (LGPD keeps the record of it), and how
    /// ("whatsapp" for a "sair"/"stop" reply, "desk" when reception unticked it).</summary>
    public DateTime? RemindersConsentWithdrawnAt { get; set; }

    public string? RemindersConsentWithdrawnVia { get; set; }

    /// <summary>Lower-case, accent-free name, the digits of CPF and phone, and the pets' names and
    /// microchips: what search matches (one column, so a search is one scan).</summary>
    public string SearchText { get; set; } = "";

    /// <summary>The portal account of this tutor (an <c>ApplicationUser</c> in the Tutor role); one
    /// account per tutor and one tutor per account (a unique index).</summary>
    public Guid? PortalUserId { get; set; }

    /// <summary>When the last portal invitation was sent (UTC).</summary>
    public DateTime? PortalInvitedAt { get; set; }

    /// <summary>When the tutor's personal data was erased (LGPD): the record stays, anonymised, for
    /// the clinical and financial history the law says to keep.</summary>
    public DateTime? AnonymisedAt { get; set; }

    public List<Pet> Pets { get; set; } = [];

    public bool IsDeleted { get; set; }

    public DateTime? DeletedAt { get; set; }

    public Guid? DeletedBy { get; set; }
}
