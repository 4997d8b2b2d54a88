namespace ClinicApp.Features;

public static class ClinicalExtensions
{
    /// <summary>Consultations, prescriptions, exams, vitals, hospitalization, the board and the RAM
    /// (DOMAIN.md areas 3 and 4).</summary>
    public static IServiceCollection AddClinical(this IServiceCollection services)
    {
        // Consultations and prescriptions
        services.AddScoped<Consultations.ConsultationService>();
        services.AddScoped<Medications.MedicationCatalogService>();
        services.AddScoped<Prescriptions.PrescriptionService>();
        services.AddScoped<Prescriptions.PrescriptionDocuments>();

        // Hospitalization and the board

        // RAM (administrations)

        // Exams, vitals, alerts, notifications

        return services;
    }
}
