package jp.jukinet.cs.registration;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The CS writes with JDBC only, and a batch registration writes each line under a savepoint
 * ({@code PROPAGATION_NESTED}, see {@link RegisterNotificationBatch}). Wherever Hibernate is on the
 * class path (the provision module brings JPA to every node; the local cluster and the network tests
 * share one class path with the national server), Spring Boot would make JPA's transaction manager,
 * whose Hibernate dialect refuses savepoints: every batch line failed. The DataSource's manager has
 * them, so the CS names it.
 */
@Configuration(proxyBeanMethods = false)
class JdbcTransactions {

    @Bean
    DataSourceTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }
}
