using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClinicApp.Data.Migrations.SqlServer.Clinic
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
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RemindersConsentWithdrawnVia",
                table: "Tutors",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "AppointmentId",
                table: "OutboxMessages",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Body",
                table: "OutboxMessages",
                type: "nvarchar(1600)",
                maxLength: 1600,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContentSid",
                table: "OutboxMessages",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContentVariables",
                table: "OutboxMessages",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Delivery",
                table: "OutboxMessages",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeliveryUpdatedAt",
                table: "OutboxMessages",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProviderErrorCode",
                table: "OutboxMessages",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReminderKey",
                table: "OutboxMessages",
                type: "nvarchar(120)",
                maxLength: 120,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TutorId",
                table: "OutboxMessages",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "VaccinationId",
                table: "OutboxMessages",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CancelledVia",
                table: "Appointments",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "InboundMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    MessageSid = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    From = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Body = table.Column<string>(type: "nvarchar(1600)", maxLength: 1600, nullable: true),
                    ButtonPayload = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    TutorId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    AppointmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    ReadAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MessageTemplates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Culture = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    Body = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    ContentSid = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MessagingSettings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TwilioAccountSid = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    TwilioAuthTokenProtected = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    WhatsAppFrom = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    MessagingServiceSid = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    ReminderLeadHours = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    VaccinationLeadDays = table.Column<int>(type: "int", nullable: false),
                    QuietFrom = table.Column<TimeOnly>(type: "time", nullable: false),
                    QuietUntil = table.Column<TimeOnly>(type: "time", nullable: false),
                    AttendanceReportHour = table.Column<int>(type: "int", nullable: false),
                    RemindersEnabled = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
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
                unique: true,
                filter: "[ReminderKey] IS NOT NULL");

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
