using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClinicApp.Data.Migrations.Sqlite.Catalog
{
    /// <inheritdoc />
    public partial class R13Backups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "BackupHour",
                table: "Hospitals",
                type: "INTEGER",
                nullable: false,
                defaultValue: 2);

            migrationBuilder.AddColumn<string>(
                name: "MaintenanceReason",
                table: "Hospitals",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "MaintenanceSince",
                table: "Hospitals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BackupRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    HospitalId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ArchivePath = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CopyPath = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    ArchiveSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    MigrationId = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true),
                    VerifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BackupRuns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BackupRuns_HospitalId_StartedAt",
                table: "BackupRuns",
                columns: new[] { "HospitalId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BackupRuns_Status",
                table: "BackupRuns",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BackupRuns");

            migrationBuilder.DropColumn(
                name: "BackupHour",
                table: "Hospitals");

            migrationBuilder.DropColumn(
                name: "MaintenanceReason",
                table: "Hospitals");

            migrationBuilder.DropColumn(
                name: "MaintenanceSince",
                table: "Hospitals");
        }
    }
}
