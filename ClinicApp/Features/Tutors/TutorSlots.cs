namespace ClinicApp.Features.Tutors;

/// <summary>Facts other areas add to the tutor's card (Invoices' open balance). See <c>ISlotComponent</c>.</summary>
public sealed record TutorFacts(Guid TutorId);

/// <summary>Sections other areas add to the tutor page under the pets (Agenda's appointments).</summary>
public sealed record TutorSections(Guid TutorId);
