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
        services.AddScoped<Hospitalizations.WardService>();
        services.AddScoped<Hospitalizations.HospitalizationService>();
        services.AddScoped<Hospitalizations.HospitalizationDocuments>();
        services.AddScoped<Pets.IPetTimelineSource, Hospitalizations.HospitalizationTimelineSource>();
        services.AddScoped<Board.BoardService>();
        services.AddSingleton<Care.CareSnapshots<Board.BoardView>>();

        // RAM (administrations)
        services.AddScoped<Ram.AdministrationService>();
        services.AddScoped<Ram.RamChecklist>();
        services.AddSingleton<Care.CareSnapshots<Ram.RamSnapshot>>();
        services.AddScoped<Ram.AdherenceService>();
        services.AddScoped<Ram.ShiftHandoverService>();
        services.AddScoped<Ram.CareSettingsService>();
        services.AddScoped<Ram.IAdministrationObserver>(sp => sp.GetRequiredService<Invoices.CareCharges>());
        services.AddScoped<Agenda.IAppointmentObserver>(sp => sp.GetRequiredService<Invoices.CareCharges>());
        services.AddScoped<Exams.IExamObserver>(sp => sp.GetRequiredService<Invoices.CareCharges>());
        services.AddScoped<Hospitalizations.IStayObserver>(sp => sp.GetRequiredService<Invoices.CareCharges>());

        // Exams, vitals, alerts, notifications
        services.AddOptions<Exams.ExamFileOptions>().BindConfiguration(Exams.ExamFileOptions.Section);
        services.AddScoped<Exams.ExamFileStore>();
        services.AddScoped<Exams.ExamService>();
        services.AddScoped<Notifications.NotificationService>();
        services.AddScoped<Vitals.VitalsService>();
        services.AddScoped<Vitals.VitalRangesService>();

        return services;
    }
}
