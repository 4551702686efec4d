package jp.jukinet.model.move;

import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jp.jukinet.model.InvalidValueException;
import jp.jukinet.model.code.LocalGovernmentCode;
import jp.jukinet.model.code.ResidentCode;
import jp.jukinet.model.fuhyo.PermanentDomicile;
import jp.jukinet.model.identity.Address;
import jp.jukinet.model.identity.PersonName;
import jp.jukinet.model.identity.Sex;

/**
 * The 附票 notice (住基法 第19条第1項, by the network as 第19条の4 allows): the CS of the municipality
 * of residence tells the CS of the municipality of the person's 本籍 what to write in the 戸籍の附票
 * whenever a resident record is created or its address changes. It is the only message that carries
 * the 本籍 over the network, and only to the municipality the 本籍 names.
 *
 * <p>It travels on the CS-to-CS stream of the move messages (each destination is one ordered stream,
 * so it has to be one of its kinds; type {@code FUHYO_NOTICE}), which is why it answers the
 * {@link MoveMessage} accessors: {@link #moveId()} is the notice's own id, {@link #origin()} the
 * municipality of residence (the sender), {@link #destination()} the 本籍地 (the recipient). A CS
 * that does not know the type refuses the batch, and its sender keeps it until it is upgraded.
 *
 * <p>Contract (refusals name the field): every component is required; {@code residence} and the
 * 本籍地 differ (a 本籍 in the municipality of residence is written there, without a message).
 *
 * @param noticeId     the notice's id, chosen by the sender; the receiver keeps each once
 * @param residence    the municipality of residence (住所地) that sends it
 * @param domicile     the person's 本籍 and 筆頭者; its municipality receives the notice
 * @param residentCode the person's resident code (住民票コード, an item of the 附票 since 2022)
 * @param name         氏名
 * @param dateOfBirth  出生の年月日
 * @param sex          男女の別
 * @param address      住所: the address the 附票 records from {@code addressSince}
 * @param addressSince 住所を定めた年月日
 * @param event        what made the residence municipality write the notice
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FuhyoNotice(UUID noticeId, LocalGovernmentCode residence, PermanentDomicile domicile,
                          ResidentCode residentCode, PersonName name, LocalDate dateOfBirth, Sex sex,
                          Address address, LocalDate addressSince, Event event) implements MoveMessage {

    /** Why the 附票 changes. */
    public enum Event {
        /** 出生: a new record. */
        BIRTH,
        /** 転入: a new record at a new address in another municipality. */
        MOVE_IN,
        /** 国外からの転入: a new record. */
        MOVE_IN_FROM_ABROAD,
        /** 転居: a new address within the municipality of residence. */
        MOVE_WITHIN,
        /** 職権記載: a record written ex officio. */
        EX_OFFICIO_ENTRY,
        /** 職権修正 of the address: the 附票 records the corrected address, with the same 住所を定めた年月日. */
        EX_OFFICIO_CORRECTION,
        /** 転籍: the 本籍 moved; the new 本籍地 starts a 附票 with the current address. */
        DOMICILE_CHANGE
    }

    /** @throws InvalidValueException naming the field when the contract above is broken */
    public FuhyoNotice {
        if (noticeId == null) {
            throw new InvalidValueException("noticeId", "notice id is required");
        }
        if (residence == null) {
            throw new InvalidValueException("residence", "the municipality of residence (住所地) is required");
        }
        if (domicile == null) {
            throw new InvalidValueException("domicile", "本籍 (permanent domicile) is required");
        }
        if (domicile.municipality().equals(residence)) {
            throw new InvalidValueException("domicile.municipality",
                    "a 本籍 in the municipality of residence is written there, not sent");
        }
        if (residentCode == null) {
            throw new InvalidValueException("residentCode", "resident code is required");
        }
        if (name == null) {
            throw new InvalidValueException("name", "氏名 is required");
        }
        if (dateOfBirth == null) {
            throw new InvalidValueException("dateOfBirth", "出生の年月日 is required");
        }
        if (sex == null) {
            throw new InvalidValueException("sex", "男女の別 is required");
        }
        if (address == null) {
            throw new InvalidValueException("address", "住所 is required");
        }
        if (addressSince == null) {
            throw new InvalidValueException("addressSince", "住所を定めた年月日 is required");
        }
        if (event == null) {
            throw new InvalidValueException("event", "event is required");
        }
    }

    /** The notice's own id (the stream's accessor for the message id). */
    @Override
    public UUID moveId() {
        return noticeId;
    }

    /** The municipality of residence, which sends the notice. */
    @Override
    public LocalGovernmentCode origin() {
        return residence;
    }

    /** The 本籍地, which receives it. */
    @Override
    public LocalGovernmentCode destination() {
        return domicile.municipality();
    }

    /** Shows keys only: the notice holds personal data and the 本籍. */
    @Override
    public String toString() {
        return "FuhyoNotice[noticeId=" + noticeId + ", residence=" + residence + ", domicile="
                + domicile.municipality() + ", event=" + event + "]";
    }
}
