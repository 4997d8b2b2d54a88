using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClinicApp.Data.Migrations.Sqlite.Clinic
{
    /// <inheritdoc />
    public partial class ClinicalCare : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CareSettings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DoseToleranceMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    ShiftStarts = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CareSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Consultations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TutorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VeterinarianId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppointmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Anamnesis = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    WeightKg = table.Column<long>(type: "INTEGER", precision: 7, scale: 3, nullable: true),
                    TemperatureC = table.Column<long>(type: "INTEGER", precision: 4, scale: 1, nullable: true),
                    HeartRate = table.Column<int>(type: "INTEGER", nullable: true),
                    RespiratoryRate = table.Column<int>(type: "INTEGER", nullable: true),
                    Mucosa = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Hydration = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    CapillaryRefillSeconds = table.Column<long>(type: "INTEGER", precision: 3, scale: 1, nullable: true),
                    PainScore = table.Column<int>(type: "INTEGER", nullable: true),
                    PhysicalExamNotes = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Diagnosis = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Plan = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Consultations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ExamRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TutorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    HospitalizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RequestedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    PriceItemId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ExamType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ClinicalNotes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CollectedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ResultText = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExamRequests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Medications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ActiveIngredient = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Presentation = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ConcentrationMgPerUnit = table.Column<long>(type: "INTEGER", precision: 12, scale: 4, nullable: true),
                    DefaultRoute = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    MinDoseMgPerKg = table.Column<long>(type: "INTEGER", precision: 12, scale: 4, nullable: true),
                    MaxDoseMgPerKg = table.Column<long>(type: "INTEGER", precision: 12, scale: 4, nullable: true),
                    PricePerDose = table.Column<long>(type: "INTEGER", precision: 12, scale: 2, nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Medications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Args = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Link = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    ReadAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Prescriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TutorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VeterinarianId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    HospitalizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WeightKg = table.Column<long>(type: "INTEGER", precision: 7, scale: 3, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Prescriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProgressNotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    HospitalizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AuthorRole = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgressNotes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VitalAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    VitalSignsId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HospitalizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RaisedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Values = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    AcknowledgedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcknowledgedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    AcknowledgedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VitalAlerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VitalRanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Species = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Vital = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NormalMin = table.Column<long>(type: "INTEGER", precision: 9, scale: 2, nullable: true),
                    NormalMax = table.Column<long>(type: "INTEGER", precision: 9, scale: 2, nullable: true),
                    CriticalMin = table.Column<long>(type: "INTEGER", precision: 9, scale: 2, nullable: true),
                    CriticalMax = table.Column<long>(type: "INTEGER", precision: 9, scale: 2, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VitalRanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VitalSigns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HospitalizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TakenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TakenById = table.Column<Guid>(type: "TEXT", nullable: true),
                    TakenByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    HeartRate = table.Column<int>(type: "INTEGER", nullable: true),
                    RespiratoryRate = table.Column<int>(type: "INTEGER", nullable: true),
                    TemperatureC = table.Column<long>(type: "INTEGER", precision: 4, scale: 1, nullable: true),
                    SpO2 = table.Column<int>(type: "INTEGER", nullable: true),
                    Systolic = table.Column<int>(type: "INTEGER", nullable: true),
                    Diastolic = table.Column<int>(type: "INTEGER", nullable: true),
                    MeanArterial = table.Column<int>(type: "INTEGER", nullable: true),
                    Glucose = table.Column<int>(type: "INTEGER", nullable: true),
                    PainScore = table.Column<int>(type: "INTEGER", nullable: true),
                    WeightKg = table.Column<long>(type: "INTEGER", precision: 7, scale: 3, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VitalSigns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Wards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    IsIsolation = table.Column<bool>(type: "INTEGER", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Wards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ExamFiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExamRequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    StoragePath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UploadedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExamFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExamFiles_ExamRequests_ExamRequestId",
                        column: x => x.ExamRequestId,
                        principalTable: "ExamRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PrescriptionItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrescriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MedicationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    MedicationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DoseMode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    DoseMgPerKg = table.Column<long>(type: "INTEGER", precision: 12, scale: 4, nullable: true),
                    DoseMg = table.Column<long>(type: "INTEGER", precision: 12, scale: 4, nullable: false),
                    DoseVolume = table.Column<long>(type: "INTEGER", precision: 12, scale: 4, nullable: true),
                    AboveSafeRange = table.Column<bool>(type: "INTEGER", nullable: false),
                    Route = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EveryHours = table.Column<int>(type: "INTEGER", nullable: false),
                    DurationDays = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstDoseAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Instructions = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StoppedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StopReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReplacesId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReplacedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrescriptionItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrescriptionItems_Medications_MedicationId",
                        column: x => x.MedicationId,
                        principalTable: "Medications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PrescriptionItems_Prescriptions_PrescriptionId",
                        column: x => x.PrescriptionId,
                        principalTable: "Prescriptions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Beds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Beds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Beds_Wards_WardId",
                        column: x => x.WardId,
                        principalTable: "Wards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MedicationAdministrations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrescriptionItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HospitalizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OriginalDueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RescheduleReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RecordedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DoseGivenMg = table.Column<long>(type: "INTEGER", precision: 12, scale: 4, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MedicationAdministrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MedicationAdministrations_PrescriptionItems_PrescriptionItemId",
                        column: x => x.PrescriptionItemId,
                        principalTable: "PrescriptionItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Hospitalizations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TutorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BedId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OccupiedBedId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ActivePetId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ConsultationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AdmittingVetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResponsibleVetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Priority = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Biohazard = table.Column<bool>(type: "INTEGER", nullable: false),
                    AdmittedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DischargeSummary = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Hospitalizations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Hospitalizations_Beds_BedId",
                        column: x => x.BedId,
                        principalTable: "Beds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Beds_WardId_Name",
                table: "Beds",
                columns: new[] { "WardId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Consultations_AppointmentId",
                table: "Consultations",
                column: "AppointmentId",
                unique: true,
                filter: "AppointmentId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Consultations_PetId_StartedAt",
                table: "Consultations",
                columns: new[] { "PetId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Consultations_VeterinarianId_StartedAt",
                table: "Consultations",
                columns: new[] { "VeterinarianId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ExamFiles_ExamRequestId",
                table: "ExamFiles",
                column: "ExamRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamRequests_HospitalizationId",
                table: "ExamRequests",
                column: "HospitalizationId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamRequests_PetId_RequestedAt",
                table: "ExamRequests",
                columns: new[] { "PetId", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ExamRequests_Status_RequestedAt",
                table: "ExamRequests",
                columns: new[] { "Status", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Hospitalizations_ActivePetId",
                table: "Hospitalizations",
                column: "ActivePetId",
                unique: true,
                filter: "ActivePetId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Hospitalizations_BedId",
                table: "Hospitalizations",
                column: "BedId");

            migrationBuilder.CreateIndex(
                name: "IX_Hospitalizations_OccupiedBedId",
                table: "Hospitalizations",
                column: "OccupiedBedId",
                unique: true,
                filter: "OccupiedBedId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Hospitalizations_PetId_AdmittedAt",
                table: "Hospitalizations",
                columns: new[] { "PetId", "AdmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Hospitalizations_Status_AdmittedAt",
                table: "Hospitalizations",
                columns: new[] { "Status", "AdmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MedicationAdministrations_HospitalizationId_DueAt",
                table: "MedicationAdministrations",
                columns: new[] { "HospitalizationId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MedicationAdministrations_PrescriptionItemId_DueAt",
                table: "MedicationAdministrations",
                columns: new[] { "PrescriptionItemId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MedicationAdministrations_RecordedAt",
                table: "MedicationAdministrations",
                column: "RecordedAt");

            migrationBuilder.CreateIndex(
                name: "IX_MedicationAdministrations_Status_DueAt",
                table: "MedicationAdministrations",
                columns: new[] { "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Medications_Name",
                table: "Medications",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_UserId_ReadAt_CreatedAt",
                table: "Notifications",
                columns: new[] { "UserId", "ReadAt", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PrescriptionItems_MedicationId",
                table: "PrescriptionItems",
                column: "MedicationId");

            migrationBuilder.CreateIndex(
                name: "IX_PrescriptionItems_PrescriptionId",
                table: "PrescriptionItems",
                column: "PrescriptionId");

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_ConsultationId",
                table: "Prescriptions",
                column: "ConsultationId");

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_HospitalizationId",
                table: "Prescriptions",
                column: "HospitalizationId");

            migrationBuilder.CreateIndex(
                name: "IX_Prescriptions_PetId_IssuedAt",
                table: "Prescriptions",
                columns: new[] { "PetId", "IssuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgressNotes_HospitalizationId_At",
                table: "ProgressNotes",
                columns: new[] { "HospitalizationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_VitalAlerts_AcknowledgedAt_RaisedAt",
                table: "VitalAlerts",
                columns: new[] { "AcknowledgedAt", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_VitalAlerts_HospitalizationId",
                table: "VitalAlerts",
                column: "HospitalizationId");

            migrationBuilder.CreateIndex(
                name: "IX_VitalRanges_Species_Vital",
                table: "VitalRanges",
                columns: new[] { "Species", "Vital" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VitalSigns_HospitalizationId_TakenAt",
                table: "VitalSigns",
                columns: new[] { "HospitalizationId", "TakenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_VitalSigns_PetId_TakenAt",
                table: "VitalSigns",
                columns: new[] { "PetId", "TakenAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CareSettings");

            migrationBuilder.DropTable(
                name: "Consultations");

            migrationBuilder.DropTable(
                name: "ExamFiles");

            migrationBuilder.DropTable(
                name: "Hospitalizations");

            migrationBuilder.DropTable(
                name: "MedicationAdministrations");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "ProgressNotes");

            migrationBuilder.DropTable(
                name: "VitalAlerts");

            migrationBuilder.DropTable(
                name: "VitalRanges");

            migrationBuilder.DropTable(
                name: "VitalSigns");

            migrationBuilder.DropTable(
                name: "ExamRequests");

            migrationBuilder.DropTable(
                name: "Beds");

            migrationBuilder.DropTable(
                name: "PrescriptionItems");

            migrationBuilder.DropTable(
                name: "Wards");

            migrationBuilder.DropTable(
                name: "Medications");

            migrationBuilder.DropTable(
                name: "Prescriptions");
        }
    }
}
