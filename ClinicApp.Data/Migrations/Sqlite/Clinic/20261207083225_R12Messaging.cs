using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClinicApp.Data.Migrations.Sqlite.Clinic
{
    /// <inheritdoc />
    public partial class R12Messaging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RemindersConsentWithdrawnAt",
                table: "Tutors",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RemindersConsentWithdrawnVia",
                table: "Tutors",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "AppointmentId",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Body",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 1600,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContentSid",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContentVariables",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Delivery",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeliveryUpdatedAt",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProviderErrorCode",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReminderKey",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 120,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TutorId",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "VaccinationId",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CancelledVia",
                table: "Appointments",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "InboundMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageSid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 1600, nullable: true),
                    ButtonPayload = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TutorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AppointmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReadAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MessageTemplates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ContentSid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MessagingSettings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TwilioAccountSid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TwilioAuthTokenProtected = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    WhatsAppFrom = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    MessagingServiceSid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReminderLeadHours = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    VaccinationLeadDays = table.Column<int>(type: "INTEGER", nullable: false),
                    QuietFrom = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    QuietUntil = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    AttendanceReportHour = table.Column<int>(type: "INTEGER", nullable: false),
                    RemindersEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessagingSettings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_AppointmentId",
                table: "OutboxMessages",
                column: "AppointmentId");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_ReminderKey",
                table: "OutboxMessages",
                column: "ReminderKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_TutorId_CreatedAt",
                table: "OutboxMessages",
                columns: new[] { "TutorId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InboundMessages_MessageSid",
                table: "InboundMessages",
                column: "MessageSid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboundMessages_ReceivedAt",
                table: "InboundMessages",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_InboundMessages_TutorId_ReceivedAt",
                table: "InboundMessages",
                columns: new[] { "TutorId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MessageTemplates_Kind_Culture",
                table: "MessageTemplates",
                columns: new[] { "Kind", "Culture" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InboundMessages");

            migrationBuilder.DropTable(
                name: "MessageTemplates");

            migrationBuilder.DropTable(
                name: "MessagingSettings");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_AppointmentId",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_ReminderKey",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_TutorId_CreatedAt",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "RemindersConsentWithdrawnAt",
                table: "Tutors");

            migrationBuilder.DropColumn(
                name: "RemindersConsentWithdrawnVia",
                table: "Tutors");

            migrationBuilder.DropColumn(
                name: "AppointmentId",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "Body",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "ContentSid",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "ContentVariables",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "Delivery",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "DeliveryUpdatedAt",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "ProviderErrorCode",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "ReminderKey",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "TutorId",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "VaccinationId",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "CancelledVia",
                table: "Appointments");
        }
    }
}
