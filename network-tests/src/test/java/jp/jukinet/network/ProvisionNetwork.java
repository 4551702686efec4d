package jp.jukinet.network;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.postgresql.PGConnection;
import org.springframework.web.client.RestClient;

import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.MyNumber;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.ChangeInformation;
import jp.jukinet.model.identity.ChangeReason;
import jp.jukinet.model.identity.IdentityInformation;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.ResidentStatus;
import jp.jukinet.model.identity.Sex;
import jp.jukinet.model.json.JukiNetJson;
import jp.jukinet.service.register.ResidentRegister;
import jp.jukinet.testsupport.TestPki;

/** The test network as the provision benchmark drives it: the gateway and the national server. */
public final class ProvisionNetwork implements AutoCloseable {

    private final LocalNetwork network;

    private ProvisionNetwork(LocalNetwork network) {
        this.network = network;
    }

    public static ProvisionNetwork start() {
        return new ProvisionNetwork(new LocalNetwork()
                .gatewayProperty("jukinet.gateway.rate-limits.per-second", 1_000_000)
                .national().startAll());
    }

    /** Loads {@code count} synthetic residents straight into the national register; returns their codes. */
    public List<String> populate(int count) throws Exception {
        List<String> codes = new ArrayList<>(count);
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        LocalDate notified = LocalDate.of(2026, 11, 1);
        LocalGovernmentCode chiyoda = LocalGovernmentCode.of("131016");
        try (Connection connection = DriverManager.getConnection(nationalJdbcUrl(), "postgres", "")) {
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < count; i++) {
                ResidentCode code = ResidentCode.fromSerial(3_000_000_000L + i);
                MyNumber number = MyNumber.fromData(40_000_000_000L + i);
                IdentityInformation identity = new IdentityInformation(code, number,
                        PersonName.of("山田", "花子" + (i % 1000), "ヤマダ", "ハナコ"), notified.minusDays(random.nextInt(30_000)),
                        i % 2 == 0 ? Sex.FEMALE : Sex.MALE, new Address("東京都千代田区千代田" + (i % 5000) + "番"), chiyoda,
                        ResidentStatus.ACTIVE, new ChangeInformation(ChangeReason.BIRTH, notified, notified));
                codes.add(code.value());
                String json = JukiNetJson.mapper().writeValueAsString(identity).replace("\"", "\"\"");
                csv.append(code.value()).append(',').append(number.value()).append(",13,131016,")
                        .append(ResidentRegister.normalizedName(identity)).append(',')
                        .append(identity.dateOfBirth()).append(',').append(identity.sex()).append(",ACTIVE,\"")
                        .append(json).append("\",").append(java.util.UUID.randomUUID()).append(",2026-11-01T00:00:00Z,2176-11-01\n");
                if (csv.length() > 8 << 20 || i == count - 1) {
                    connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                            COPY residents (resident_code, my_number, prefecture, municipality, normalized_name,
                                            date_of_birth, sex, status, identity, last_change_id, updated_at, retention_until)
                            FROM STDIN WITH (FORMAT csv)""", new StringReader(csv.toString()));
                    csv.setLength(0);
                }
            }
            connection.createStatement().execute("ANALYZE residents");
        }
        return codes;
    }

    /** The gateway's address, for a client of its own (the full-duplex batch client). */
    public String gatewayUrl() {
        return network.baseUrl("gateway");
    }

    public String nationalJdbcUrl() {
        return network.jdbcUrl("national");
    }

    /** An agency's client, through the gateway. */
    public RestClient agencyThroughGateway(String agency) {
        return network.client("gateway", agency);
    }

    /** A client straight to the national server, with the gateway's certificate and an agency as caller. */
    public RestClient nationalAsGateway() {
        return TestPki.throughGateway(network.baseUrl("national"), "agency-nenkin");
    }

    public long provisionRecords() {
        return network.database("national").sql("SELECT count(*) FROM provision_records").query(Long.class).single();
    }

    @Override
    public void close() {
        network.close();
    }
}
