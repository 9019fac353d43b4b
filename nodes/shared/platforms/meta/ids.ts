/** Ad account ids arrive as `act_123`, `123` or inside Ads Manager URLs; Graph paths need `act_123`. */
export function metaAdAccountDigits(value: string): string | undefined {
	const trimmed = String(value ?? '').trim();
	const match = /^(?:act_)?(\d{1,20})$/.exec(trimmed);
	return match ? match[1] : undefined;
}

export function metaAudienceDigits(value: string): string | undefined {
	const trimmed = String(value ?? '').trim();
	return /^\d{1,25}$/.test(trimmed) ? trimmed : undefined;
}

export const META_AD_ACCOUNT_URL_REGEX = '(?:[?&]act=|/act_)(\\d+)';
export const META_AUDIENCE_URL_REGEX = '(?:[?&](?:ids|audience_id|selected_audience_id)=|/audiences/)(\\d+)';

export function metaAdAccountUrl(digits: string): string {
	return `https://adsmanager.facebook.com/adsmanager/manage/campaigns?act=${digits}`;
}

export function metaAudienceUrl(adAccountDigits: string | undefined, audienceId: string): string {
	const act = adAccountDigits ? `act=${adAccountDigits}&` : '';
	return `https://business.facebook.com/adsmanager/audiences?${act}ids=${audienceId}`;
}
