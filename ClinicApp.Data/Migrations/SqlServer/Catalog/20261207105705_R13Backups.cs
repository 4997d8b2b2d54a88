using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClinicApp.Data.Migrations.SqlServer.Catalog
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
                type: "int",
                nullable: false,
                defaultValue: 2);

            migrationBuilder.AddColumn<string>(
                name: "MaintenanceReason",
                table: "Hospitals",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "MaintenanceSince",
                table: "Hospitals",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BackupRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    HospitalId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Scope = table.Column<string>(type: "nvarchar(63)", maxLength: 63, nullable: false),
                    Trigger = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    RequestedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DurationMs = table.Column<long>(type: "bigint", nullable: false),
                    ArchivePath = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    CopyPath = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    ArchiveSha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    MigrationId = table.Column<string>(type: "nvarchar(150)", maxLength: 150, nullable: true),
                    VerifiedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Error = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true)
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
