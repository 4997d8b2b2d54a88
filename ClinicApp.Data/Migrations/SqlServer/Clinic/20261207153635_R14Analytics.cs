using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClinicApp.Data.Migrations.SqlServer.Clinic
{
    /// <inheritdoc />
    public partial class R14Analytics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Vaccinations_AppliedOn",
                table: "Vaccinations",
                column: "AppliedOn");

            migrationBuilder.CreateIndex(
                name: "IX_Pets_CreatedAt",
                table: "Pets",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Hospitalizations_EndedAt",
                table: "Hospitalizations",
                column: "EndedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Vaccinations_AppliedOn",
                table: "Vaccinations");

            migrationBuilder.DropIndex(
                name: "IX_Pets_CreatedAt",
                table: "Pets");

            migrationBuilder.DropIndex(
                name: "IX_Hospitalizations_EndedAt",
                table: "Hospitalizations");
        }
    }
}
